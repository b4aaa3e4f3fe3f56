import { EventEmitter } from 'node:events';

/**
 * A stand-in for the parts of the `electron` module the main process uses, recording every call,
 * so the main process's wiring can be exercised where the Electron binary is not installed.
 * Only the shell is faked: the core, its database and the HTTP server behind it are real.
 */
export function createFakeElectron(appPath: string) {
  const calls: Array<[string, ...unknown[]]> = [];
  const record = (name: string, ...args: unknown[]) => void calls.push([name, ...args]);
  /**
   * What the calls amount to, as Electron would hold it. Some settings only take effect before the
   * app is ready (the real Electron ignores or refuses them later): those made too late are listed.
   */
  const state = {
    ready: false,
    userData: null as string | null,
    /** The userData folder when the single-instance lock was taken: the lock lives there. */
    lockDir: undefined as string | null | undefined,
    sandboxed: false,
    privilegedSchemes: [] as unknown[],
    tooLateForReady: [] as string[],
  };
  const beforeReady = (name: string) => {
    if (state.ready) state.tooLateForReady.push(name);
  };

  class FakeWebContents extends EventEmitter {
    openHandler: ((details: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    }
  }

  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => {
      record('requestSingleInstanceLock');
      state.lockDir = state.userData;
      return true;
    },
    whenReady: () => Promise.resolve().then(() => void (state.ready = true)),
    enableSandbox: () => {
      record('enableSandbox');
      beforeReady('enableSandbox');
      state.sandboxed = true;
    },
    setPath: (name: string, value: string) => {
      record('setPath', name, value);
      if (name === 'userData') state.userData = value;
    },
    getAppPath: () => appPath,
    quit: () => {
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      record('quit', { prevented });
    },
    exit: (code: number) => record('exit', code),
  });

  class BrowserWindow extends EventEmitter {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    readonly webContents = new FakeWebContents();
    destroyed = false;
    minimized = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      BrowserWindow.all.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      record('loadURL', url);
      queueMicrotask(() => this.emit('ready-to-show'));
      return Promise.resolve();
    }
    isDestroyed = () => this.destroyed;
    isMinimized = () => this.minimized;
    restore = () => record('window.restore');
    show = () => record('window.show');
    focus = () => record('window.focus');
  }

  class Tray {
    static created: Tray[] = [];
    tooltip = '';
    menu: Array<{ type: string; label?: string; enabled?: boolean; click?: () => void }> = [];
    destroyed = false;
    constructor(readonly icon: unknown) {
      Tray.created.push(this);
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: Tray['menu']) {
      this.menu = menu;
    }
    isDestroyed = () => this.destroyed;
    destroy() {
      this.destroyed = true;
    }
  }

  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const sessionHandlers: Record<string, unknown> = {};
  const electron = {
    app,
    BrowserWindow,
    Tray,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: { createFromPath: (file: string) => ({ file, setTemplateImage: () => {} }) },
    clipboard: { writeText: (text: string) => record('clipboard.writeText', text) },
    shell: { openExternal: (url: string) => (record('shell.openExternal', url), Promise.resolve()) },
    dialog: {
      showMessageBox: (options: unknown) => (record('dialog.showMessageBox', options), Promise.resolve({ response: 0 })),
      showErrorBox: (title: string, content: string) => record('dialog.showErrorBox', title, content),
    },
    Notification: Object.assign(class {}, { isSupported: () => false }),
    ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => handlers.set(channel, handler) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        record('registerSchemesAsPrivileged', schemes);
        beforeReady('registerSchemesAsPrivileged');
        state.privilegedSchemes.push(...schemes);
      },
      handle: (scheme: string, handler: (...args: unknown[]) => unknown) => handlers.set(`protocol:${scheme}`, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: unknown) => (sessionHandlers.request = h),
        setPermissionCheckHandler: (h: unknown) => (sessionHandlers.check = h),
        setDevicePermissionHandler: (h: unknown) => (sessionHandlers.device = h),
        webRequest: { onHeadersReceived: (h: unknown) => (sessionHandlers.headers = h) },
      },
    },
  };
  return { electron, calls, state, handlers, sessionHandlers, BrowserWindow, Tray };
}
