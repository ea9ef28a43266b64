import { z } from 'zod';

/** Which UI a person used: the desktop window (IPC), a browser (WebSocket) or a script (REST). */
export const ClientKind = z.enum(['desktop', 'browser', 'api']);
export type ClientKind = z.infer<typeof ClientKind>;

/** Why something happened. Later issues add more kinds (schedules, occupancy…). */
export const Cause = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), client: ClientKind }),
  z.object({ kind: z.literal('device') }),
  z.object({ kind: z.literal('automation'), rule: z.string() }),
]);
export type Cause = z.infer<typeof Cause>;

/** One human-readable line of what happened and why. */
export const LogbookEntry = z.object({
  id: z.number(),
  at: z.number(),
  deviceId: z.string().optional(),
  roomId: z.string().optional(),
  message: z.string(),
  cause: Cause,
});
export type LogbookEntry = z.infer<typeof LogbookEntry>;

const CLIENT_WORDS: Record<ClientKind, string> = { desktop: 'the desktop app', browser: 'a browser', api: 'the API' };

/** "from a browser", "from the desktop app". */
export function fromClient(client: ClientKind): string {
  return `from ${CLIENT_WORDS[client]}`;
}

/** "by you, from the desktop app", "by the device", "by automation “Evening”". */
export function describeCause(cause: Cause): string {
  switch (cause.kind) {
    case 'user':
      return `by you, from ${CLIENT_WORDS[cause.client]}`;
    case 'device':
      return 'by the device';
    case 'automation':
      return `by automation “${cause.rule}”`;
  }
}
