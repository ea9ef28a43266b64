/**
 * The sign-in link the hub prints (`http://host:port/?token=…`). The token is taken from the address
 * bar once, exchanged for a session cookie (session.ts), and removed from the URL so it does not end up
 * in history, bookmarks or screenshots. The browser never stores the token itself.
 */
const LEGACY_STORAGE_KEY = 'homeroom.token';

export function takeLinkToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'> = window): string | null {
  try {
    // Before sessions the token was kept in the tab's session storage; it is not needed any more.
    win.sessionStorage.removeItem(LEGACY_STORAGE_KEY);
  } catch {
    // Storage may be disabled.
  }
  const url = new URL(win.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
  return token;
}
