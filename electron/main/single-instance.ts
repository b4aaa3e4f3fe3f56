import type { BrowserWindow } from 'electron';

/** A second launch brings the existing window forward instead of starting another gateway. */
export function focusWindow(window: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
