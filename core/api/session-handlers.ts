/**
 * The HubApi methods of signed-in browsers (list, revoke). Part of createHandlers (handlers.ts);
 * signing in and out are HTTP-only (server.ts), because only an HTTP answer can set an HttpOnly cookie.
 */
import { ApiError } from './contract';
import { handle, type Handlers } from './dispatch';
import type { BrowserSessions } from './sessions';

export function createSessionHandlers(sessions: BrowserSessions | undefined): Pick<Handlers, 'listSessions' | 'revokeSession'> {
  return {
    listSessions: handle('listSessions', async (_request, context) =>
      (sessions?.list() ?? []).map((s) => ({
        id: s.idHash,
        label: s.label,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        lastSeenAt: s.lastSeenAt,
        current: s.idHash === context.session,
        user: sessions?.principal(s)?.name,
      })),
    ),
    revokeSession: handle('revokeSession', async ({ id }) => {
      if (!sessions?.revoke(id)) throw new ApiError('not_found', 'No such signed-in browser');
      return { id };
    }),
  };
}
