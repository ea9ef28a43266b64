import { BrowserWindow, session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/api/security';
import { isOwnPage, rendererEntry } from './pages';

export function createMainWindow(appRoot: string, preloadPath: string, iconPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 420,
    minHeight: 480,
    title: 'Homeroom',
    icon: iconPath,
    show: false,
    backgroundColor: '#0f172a',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  lockDown(window.webContents, appRoot);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererEntry(appRoot));
  return window;
}

/** No navigation away, no new windows, no permissions: the window shows our UI and nothing else. */
function lockDown(contents: WebContents, appRoot: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(appRoot, url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

/** The CSP also arrives as a header for every response of the default session. */
export function applyContentSecurityPolicy(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
