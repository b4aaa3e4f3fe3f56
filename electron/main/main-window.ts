import { BrowserWindow } from 'electron';
import { focusWindow } from './single-instance';
import { secureWindowOptions } from './window-options';

/** The one app window: created on demand (tray "Open", second launch, dock click), else focused. */
export function createMainWindow(deps: { preloadPath: string; rendererUrl: string; iconPath: string }) {
  let window: BrowserWindow | null = null;
  return {
    open(): BrowserWindow {
      if (window && !window.isDestroyed()) {
        focusWindow(window);
        return window;
      }
      const created = new BrowserWindow({ ...secureWindowOptions(deps.preloadPath), icon: deps.iconPath });
      window = created;
      created.once('ready-to-show', () => created.show());
      created.on('closed', () => {
        if (window === created) window = null;
      });
      void created.loadURL(deps.rendererUrl);
      return created;
    },
    get current(): BrowserWindow | null {
      return window && !window.isDestroyed() ? window : null;
    },
  };
}
