import { Menu, Tray, nativeImage } from 'electron';
import type { EventBus } from '../core/events';
import type { Logger } from '../core/log';
import { buildTrayMenu, toMenuTemplate, trayTooltip, type TrayAction, type TrayStatus } from './tray-menu';

/**
 * The tray / menu-bar icon: proxy state and requests per minute, refreshed every few seconds and
 * at once when the proxy changes state. Returns null where the desktop has no tray.
 */
export function createStatusTray(deps: {
  iconPath: string;
  getStatus: () => Promise<TrayStatus>;
  handlers: Record<TrayAction, () => void>;
  events: Pick<EventBus, 'on'>;
  log: Logger;
  refreshMs?: number;
}): { refresh(): Promise<void>; destroy(): void } | null {
  let tray: Tray;
  try {
    const icon = nativeImage.createFromPath(deps.iconPath);
    if (process.platform === 'darwin') icon.setTemplateImage(true);
    tray = new Tray(icon);
  } catch (error) {
    deps.log.warn('no tray available', { message: (error as Error).message });
    return null;
  }
  const refresh = async () => {
    try {
      const status = await deps.getStatus();
      if (tray.isDestroyed()) return;
      tray.setToolTip(trayTooltip(status));
      tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(buildTrayMenu(status), deps.handlers)));
    } catch (error) {
      deps.log.warn('tray status unavailable', { message: (error as Error).message });
    }
  };
  const timer = setInterval(() => void refresh(), deps.refreshMs ?? 5000);
  timer.unref();
  const off = deps.events.on('proxy.stateChanged', () => void refresh());
  void refresh();
  return {
    refresh,
    destroy() {
      clearInterval(timer);
      off();
      tray.destroy();
    },
  };
}
