import { app, clipboard, dialog, ipcMain, Notification, protocol, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { teamDatabaseChannel } from '../../shared/ipc';
import { SystemStatus } from '../../shared/operations';
import type { TeamDatabaseStatus } from '../../shared/team-database';
import { probeTeamDatabase } from '../core/db/postgres/probe';
import { createKeychainVault } from '../core/secrets/keychain-vault';
import { defaultDataDir } from '../core/config/data-dir';
import { createLogger } from '../core/log';
import { desktopActor } from '../core/operations/actor';
import { createNoticeLimiter, subscribeAdminNotifications } from './admin-notifications';
import { startDesktopGateway } from './desktop-gateway';
import { createIpcHandler, invokeChannel } from './ipc-adapter';
import { createMainWindow } from './main-window';
import { guardNavigation } from './navigation-guard';
import { restrictPermissions } from './permissions';
import { askForPort } from './port-conflict-dialog';
import { applyDevServerCsp } from './renderer-csp';
import { packagedRendererUrl, rendererEntryUrl, rendererScheme } from './renderer-origin';
import { createRendererProtocolHandler, rendererSchemePrivileges } from './renderer-protocol';
import { createStatusTray } from './status-tray';
import { keychainPassword, teamDatabaseKeychainService } from './team-database/keychain-password';
import { createTeamDatabaseIpcHandler } from './team-database/team-database-ipc';
import { createTeamDatabaseSettings } from './team-database/team-database-settings';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = createLogger({ level: process.env.SWITCHBOARD_LOG_LEVEL === 'debug' ? 'debug' : 'info' });

// One instance per data directory: with SWITCHBOARD_DATA_DIR set (tests, a second profile), Chromium's
// profile and the single-instance lock live beside it instead of in the shared default folder.
if (process.env.SWITCHBOARD_DATA_DIR) app.setPath('userData', path.join(defaultDataDir(), 'electron'));

// Every renderer sandboxed, whatever options a window is created with.
app.enableSandbox();

// Must happen before `ready`: app:// gets a real origin, so CSP 'self' and the IPC sender check hold.
protocol.registerSchemesAsPrivileged([rendererSchemePrivileges]);

/** Every webContents, including any a bug might create, refuses navigation and new windows. */
app.on('web-contents-created', (_event, contents) => guardNavigation(contents, (url) => void shell.openExternal(url)));

async function start(): Promise<void> {
  await app.whenReady();
  const resources = path.join(app.getAppPath(), 'resources');
  const rendererUrl = rendererEntryUrl();
  protocol.handle(rendererScheme, createRendererProtocolHandler(path.join(here, '../renderer')));
  restrictPermissions(session.defaultSession, rendererUrl);
  if (rendererUrl !== packagedRendererUrl) applyDevServerCsp(session.defaultSession, rendererUrl);

  const dataDir = defaultDataDir();
  let inUse: TeamDatabaseStatus['inUse'] = 'sqlite';
  const teamDatabase = createTeamDatabaseSettings({
    dataDir,
    keychain: keychainPassword(createKeychainVault(teamDatabaseKeychainService)),
    probe: (url) => probeTeamDatabase(url, log),
    inUse: () => inUse,
  });
  const gateway = await startDesktopGateway({
    dataDir,
    uiDir: path.join(here, '../web'),
    env: process.env,
    log,
    askForPort,
    databaseUrl: await teamDatabase.databaseUrl(),
  });
  if (!gateway) {
    app.exit(0);
    return;
  }
  const { core, server, shutdown } = gateway;
  inUse = core.storeKind;
  // The same ready lines `switchboard serve` prints (scripts and end-to-end tests read them).
  process.stdout.write(`Agent endpoint: ${server.agentEndpoint}\nAPI: ${server.apiBaseUrl}\nData directory: ${dataDir}\n`);

  ipcMain.handle(invokeChannel, createIpcHandler({ invoke: core.invoke, log, rendererUrl }));
  ipcMain.handle(teamDatabaseChannel, createTeamDatabaseIpcHandler({ settings: teamDatabase, log, rendererUrl }));
  const mainWindow = createMainWindow({
    preloadPath: path.join(here, '../preload/index.cjs'),
    rendererUrl,
    iconPath: path.join(resources, 'icons', '512x512.png'),
  });
  mainWindow.open();
  app.on('second-instance', () => mainWindow.open());
  app.on('activate', () => mainWindow.open());

  if (core.vault.warning) {
    void dialog.showMessageBox({
      type: 'warning',
      title: 'Switchboard',
      message: 'Provider keys are not kept in the OS keychain',
      detail: core.vault.warning,
    });
  }

  const tray = createStatusTray({
    iconPath: path.join(resources, process.platform === 'darwin' ? 'tray-iconTemplate.png' : 'tray-icon.png'),
    getStatus: async () => SystemStatus.parse(await core.invoke('getSystemStatus', {}, desktopActor)),
    handlers: {
      open: () => mainWindow.open(),
      copyAgentEndpoint: () => clipboard.writeText(server.agentEndpoint),
      pauseProxy: () => core.proxy.pause(),
      resumeProxy: () => core.proxy.resume(),
      quit: () => app.quit(),
    },
    events: core.events,
    log,
  });

  const stopNotifications = subscribeAdminNotifications({
    events: core.events,
    limiter: createNoticeLimiter({ now: () => Date.now() }),
    show: (notice) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title: notice.title, body: notice.body });
      notification.on('click', () => mainWindow.open());
      notification.show();
    },
  });

  // With a tray the gateway keeps serving when the window closes; without one, closing quits.
  app.on('window-all-closed', () => {
    if (!tray) app.quit();
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    stopNotifications();
    tray?.destroy();
    void shutdown().finally(() => app.exit(0));
  });
  // Ctrl+C in the terminal of `npm start`, or a service manager stopping us: the same draining quit.
  process.once('SIGINT', () => app.quit());
  process.once('SIGTERM', () => app.quit());
}

// A second launch hands over to the running instance (its `second-instance` handler focuses the window).
if (app.requestSingleInstanceLock()) {
  start().catch((error: unknown) => {
    log.error('failed to start', { message: (error as Error).message });
    dialog.showErrorBox('Switchboard could not start', (error as Error).message);
    app.exit(1);
  });
} else {
  app.quit();
}
