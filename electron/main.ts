/**
 * The desktop shell: starts the hub in-process, opens the window, keeps running in the
 * tray when the window closes (automations never depend on a window being open).
 * Thin on purpose: every security decision is a pure, tested module beside it (app-protocol,
 * csp, navigation-policy, cipher-choice, notifications); this file only wires them into Electron
 * as its documentation prescribes. docs/security.md lists each checklist item and fuse.
 */
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  protocol,
  session,
  Tray,
  type IpcMainInvokeEvent,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../core/api/bridge';
import { EVENT_NAMES } from '../core/api/contract';
import { EventStream } from '../core/api/event-stream';
import { startHub, type Hub } from '../core/hub';
import { applyHubMemoryPolicy } from '../core/util/memory-policy';
import { consoleLogger } from '../core/util/logger';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, isAppUrl, resolveAppRequest } from './app-protocol';
import { appResponseHeaders, contentSecurityPolicy } from './csp';
import { handleInvoke } from './ipc';
import { guardContents, permissionAllowed } from './navigation-policy';
import { notificationFor, NOTIFYING_EVENTS } from './notifications';
import { desktopSecretCipher } from './secret-cipher';
import { createMainWindow } from './window';

// Bundled to dist/electron/main.cjs; the app root is two levels up (inside app.asar when packaged).
const appRoot = join(__dirname, '..', '..');
const rendererRoot = join(appRoot, 'dist', 'renderer');
const preloadPath = join(__dirname, 'preload.cjs');
const iconPath = join(appRoot, 'assets', 'icon.png');
const logger = consoleLogger('info', 'homeroom-desktop');

let hub: Hub | undefined;
let mainWindow: BrowserWindow | undefined;
let tray: Tray | undefined;
let quitting = false;
let notificationStream: EventStream | undefined;

// Before `ready`, as Electron requires: the UI's own scheme, a secure standard origin (checklist 18).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

// Every web contents, the window's and any other that might appear: no new windows, no navigation
// away, no redirects, no <webview> (checklist 11–14).
app.on('web-contents-created', (_event, contents) =>
  guardContents(contents, (what, url) => logger.warn(`blocked ${what}${url ? ` to ${url}` : ''}`)),
);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (!hub) return;
    event.preventDefault();
    const stopping = hub;
    hub = undefined;
    notificationStream?.dispose();
    void stopping.stop().finally(() => app.exit(0));
  });
  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    // Stay in the tray: the hub keeps running automations.
  });
  app.whenReady().then(start, (error: unknown) => logger.error(String(error)));
}

/** The window talks to the hub over IPC, so its CSP allows no network origin (hub.url is set only for an HTTP hub). */
function hubUrlForWindow(): string | undefined {
  return hub?.url;
}

function secureSession(): void {
  const ses = session.defaultSession;
  // Permissions: notifications for our own page, nothing else, asked or merely checked (checklist 5).
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
  // The UI from app://, with path traversal refused and the CSP on every response (checklist 7, 18).
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppRequest(rendererRoot, request.url, request.method);
    if (!resolved.ok) return new Response(resolved.reason, { status: resolved.status });
    try {
      const file = await net.fetch(pathToFileURL(resolved.file).toString());
      if (!file.ok) return new Response('not found', { status: 404 });
      return new Response(request.method === 'HEAD' ? null : file.body, {
        status: 200,
        headers: appResponseHeaders(resolved.contentType, hubUrlForWindow()),
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  // Anything else this session loads carries the same policy.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy(hubUrlForWindow())] },
    });
  });
}

async function start(): Promise<void> {
  applyHubMemoryPolicy();
  secureSession();
  try {
    hub = await startHub(
      // Finding devices on the network is the desktop app's job: browse mDNS on every non-internal interface.
      {
        mqttUrl: process.env.HOMEROOM_MQTT_URL,
        dataDir: app.getPath('userData'),
        discovery: { enabled: process.env.HOMEROOM_NO_DISCOVERY !== '1' },
      },
      // safeStorage when it truly encrypts; otherwise (basic_text) the hub's key file.
      { logger, secretCipher: desktopSecretCipher((message) => logger.warn(message)) },
    );
  } catch (error) {
    logger.error(`the hub could not start: ${error instanceof Error ? error.message : String(error)}`);
    const { dialog } = await import('electron');
    dialog.showErrorBox('Homeroom could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  const handlers = hub.handlers;
  // Only our own page may call the hub (checklist 17).
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, params: unknown) =>
    handleInvoke(handlers, (e) => isAppUrl(e.senderFrame?.url), event, method, params),
  );
  startNotifications(hub);
  createTray();
  showWindow();
}

/** A desktop notification for each event in the notifications table, window open or not. */
function startNotifications(running: Hub): void {
  if (!Notification.isSupported()) return;
  notificationStream = new EventStream(running.eventSource, (name, payload) => {
    const shown = notificationFor(name, payload);
    if (!shown) return;
    const notification = new Notification({ title: shown.title, body: shown.body, silent: false });
    notification.on('click', () => showWindow());
    notification.show();
  });
  for (const name of NOTIFYING_EVENTS) notificationStream.subscribe(name);
}

function showWindow(): void {
  if (!hub) return;
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  const window = createMainWindow(preloadPath, iconPath);
  const contents = window.webContents;
  const stream = new EventStream(hub.eventSource, (name, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  for (const name of EVENT_NAMES) stream.subscribe(name);
  window.on('close', (event) => {
    if (quitting) return;
    // Closing the window hides it; Quit in the tray menu ends the hub.
    event.preventDefault();
    window.hide();
  });
  window.on('closed', () => {
    stream.dispose();
    mainWindow = undefined;
  });
  mainWindow = window;
}

function createTray(): void {
  tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
  tray.setToolTip('Homeroom — automations are running');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Homeroom', click: () => showWindow() },
      { type: 'separator' },
      { label: 'Quit Homeroom', click: () => app.quit() },
    ]),
  );
  tray.on('click', () => showWindow());
}
