/**
 * The desktop shell: starts the hub in-process, opens the window, keeps running in the
 * tray when the window closes (automations never depend on a window being open).
 * Thin on purpose: everything else runs and is tested in plain Node and Chromium.
 */
import { app, BrowserWindow, ipcMain, Menu, nativeImage, Tray, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../core/api/bridge';
import { EVENT_NAMES } from '../core/api/contract';
import { EventStream } from '../core/api/event-stream';
import { startHub, type Hub } from '../core/hub';
import { consoleLogger } from '../core/util/logger';
import { handleInvoke } from './ipc';
import { safeStorageCipher } from './secret-cipher';
import { isOwnPage } from './pages';
import { applyContentSecurityPolicy, createMainWindow } from './window';

// Bundled to dist/electron/main.cjs; the app root is two levels up.
const appRoot = join(__dirname, '..', '..');
const preloadPath = join(__dirname, 'preload.cjs');
const iconPath = join(appRoot, 'assets', 'icon.png');
const logger = consoleLogger('info', 'homeroom-desktop');

let hub: Hub | undefined;
let mainWindow: BrowserWindow | undefined;
let tray: Tray | undefined;
let quitting = false;

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
    void stopping.stop().finally(() => app.exit(0));
  });
  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    // Stay in the tray: the hub keeps running automations.
  });
  app.whenReady().then(start, (error: unknown) => logger.error(String(error)));
}

async function start(): Promise<void> {
  applyContentSecurityPolicy();
  try {
    hub = await startHub(
      // Finding devices on the network is the desktop app's job: browse mDNS on every non-internal interface.
      {
        mqttUrl: process.env.HOMEROOM_MQTT_URL,
        dataDir: app.getPath('userData'),
        discovery: { enabled: process.env.HOMEROOM_NO_DISCOVERY !== '1' },
      },
      { logger, secretCipher: desktopSecretCipher() },
    );
    const cipherWarning = hub.store?.secrets.warning;
    if (cipherWarning) hub.registry.addDiagnostic({ level: 'warning', subject: 'Saved passwords', message: cipherWarning });
  } catch (error) {
    logger.error(`the hub could not start: ${error instanceof Error ? error.message : String(error)}`);
    const { dialog } = await import('electron');
    dialog.showErrorBox('Homeroom could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  const handlers = hub.handlers;
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, params: unknown) =>
    handleInvoke(handlers, (e) => isOwnPage(appRoot, e.senderFrame?.url), event, method, params),
  );
  createTray();
  showWindow();
}

/** safeStorage when the platform offers it; otherwise the hub's own key file in userData. */
function desktopSecretCipher() {
  try {
    return safeStorageCipher();
  } catch (error) {
    logger.warn(
      `safeStorage is unavailable (${error instanceof Error ? error.message : String(error)}); secrets use a key file in the data folder`,
    );
    return undefined;
  }
}

function showWindow(): void {
  if (!hub) return;
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  const window = createMainWindow(appRoot, preloadPath, iconPath);
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
