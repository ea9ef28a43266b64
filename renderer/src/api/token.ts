/**
 * The hub's access token for browser (hub) mode. It arrives once as `?token=` in the URL,
 * is kept in sessionStorage for reloads of this tab, and is removed from the address bar
 * so it does not end up in history, bookmarks or screenshots.
 */
const STORAGE_KEY = 'homeroom.token';

export function takeToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'> = window): string {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    try {
      win.sessionStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage may be disabled; the token still works for this page load.
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}
