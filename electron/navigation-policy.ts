/**
 * What any web contents in the app may do (Electron's checklist: limit navigation, new windows,
 * `<webview>`, permissions). The window shows our UI and nothing else: every decision is "no" except
 * a page of our own `app://` origin, and notifications from it. Pure decisions plus `guardContents`,
 * which wires them onto anything shaped like a WebContents (main.ts calls it from `web-contents-created`
 * for every contents, the window's and any other).
 */
import { isAppUrl } from './app-protocol';

/** The permissions the UI uses: desktop notifications for automations' notify actions. Nothing else. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

export function permissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/** In-page and frame navigations and redirects: only within our own origin (hash routes, reloads). */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

interface PreventableEvent {
  preventDefault(): void;
}
type Listener = (event: PreventableEvent, arg?: unknown) => void;

/** The part of Electron's WebContents the guards use (so tests can drive them with a plain emitter). */
export interface GuardableContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview', listener: Listener): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardLog {
  (what: string, url: string): void;
}

/** Denies new windows, foreign navigations, redirects (of the page and its frames) and `<webview>` on one contents. */
export function guardContents(contents: GuardableContents, log: GuardLog = () => {}): void {
  const urlOf = (arg: unknown): string =>
    typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'url' in arg ? String(arg.url) : '';
  const guard = (what: string) => (event: PreventableEvent, arg?: unknown) => {
    // Electron passes the URL as the 2nd argument (will-navigate, will-redirect) or on the event (will-frame-navigate).
    const url = urlOf(arg) || urlOf(event);
    if (navigationAllowed(url)) return;
    event.preventDefault();
    log(what, url);
  };
  contents.on('will-navigate', guard('navigation'));
  contents.on('will-frame-navigate', guard('frame navigation'));
  contents.on('will-redirect', guard('redirect'));
  // The UI uses no <webview>: none may attach, whatever its options.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log('new window', url);
    return { action: 'deny' };
  });
}
