import { app, BrowserWindow, ipcMain, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootCore } from '../core/boot';
import { defaultDataDir } from '../core/config/data-dir';
import { createLogger } from '../core/log';
import { startLocalServer } from '../core/local-server';
import { createRestTokenAuthenticator } from '../core/api/rest-token-auth';
import { createKeychainVault } from '../core/secrets/keychain-vault';
import { createIpcHandler, invokeChannel } from './ipc-adapter';
import { secureWindowOptions } from './window-options';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = createLogger();

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const core = await bootCore({ dataDir: defaultDataDir(), mode: 'desktop', log, vault: createKeychainVault() });
  const server = await startLocalServer(core, { port: Number(process.env.SWITCHBOARD_PORT ?? 8787), uiDir: path.join(here, '../web'), authenticateToken: createRestTokenAuthenticator(core.tokens) });

  const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? `file://${path.join(here, '../renderer/index.html')}`;
  ipcMain.handle(invokeChannel, createIpcHandler({ invoke: core.invoke, log, rendererUrl }));

  const window = new BrowserWindow(secureWindowOptions(path.join(here, '../preload/index.cjs')));
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  await window.loadURL(rendererUrl);

  app.on('second-instance', () => window.show());
  app.on('before-quit', () => {
    void server.close().then(() => core.close());
  });
}

start().catch((error: unknown) => {
  log.error('failed to start', { message: (error as Error).message });
  app.exit(1);
});
