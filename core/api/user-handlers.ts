/**
 * The HubApi methods of people and access (users, their tokens, who am I). Part of createHandlers (handlers.ts);
 * what each role may call is decided in access.ts, not here.
 */
import type { User, UserWithToken } from '../model';
import { ApiError } from './contract';
import { allowedMethods } from './access';
import { handle, type Handlers } from './dispatch';
import type { UserDirectory } from './users';

export interface UserHandlerDeps {
  users: UserDirectory;
  /** The sign-in link for a token (`http://hub:8321/?token=…`), once the server knows its address. */
  signInUrl?: (token: string) => string | undefined;
  /** The owner's token changed: the hub keeps it as its own (`hub-token`), so it survives a restart. */
  ownerTokenChanged?: (token: string) => void;
}

type UserMethods = 'listUsers' | 'createUser' | 'updateUser' | 'deleteUser' | 'newUserToken' | 'getMe';

export function createUserHandlers(deps: UserHandlerDeps | undefined): Pick<Handlers, UserMethods> {
  const users = () => {
    if (!deps) throw new ApiError('unavailable', 'This hub has no users');
    return deps.users;
  };
  const withLink = (made: { user: User; token: string }): UserWithToken => {
    const signInUrl = deps?.signInUrl?.(made.token);
    return { ...made, ...(signInUrl ? { signInUrl } : {}) };
  };
  return {
    listUsers: handle('listUsers', async () => users().list()),
    createUser: handle('createUser', async (input) => withLink(users().create(input))),
    updateUser: handle('updateUser', async ({ id, ...patch }) => users().update(id, patch)),
    deleteUser: handle('deleteUser', async ({ id }) => {
      users().remove(id);
      return { id };
    }),
    newUserToken: handle('newUserToken', async ({ id }) => {
      const made = users().rotate(id);
      if (made.user.owner) deps?.ownerTokenChanged?.(made.token);
      return withLink(made);
    }),
    getMe: handle('getMe', async (_request, context) => {
      // No principal: the hub's own process (the desktop window), which is the owner.
      const id =
        context.principal?.userId ??
        users()
          .list()
          .find((u) => u.owner)?.id;
      const user = id === undefined ? undefined : users().get(id);
      if (!user) throw new ApiError('unauthorized', 'Not signed in');
      return { user, methods: allowedMethods(user.role) };
    }),
  };
}
