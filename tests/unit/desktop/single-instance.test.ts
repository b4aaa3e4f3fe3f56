import { describe, expect, it } from 'vitest';
import { focusWindow } from '../../../electron/main/single-instance';

function fakeWindow(minimized: boolean) {
  const calls: string[] = [];
  return {
    calls,
    isMinimized: () => minimized,
    restore: () => void calls.push('restore'),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
  };
}

describe('a second launch', () => {
  it('restores a minimised window, shows and focuses it', () => {
    const window = fakeWindow(true);
    focusWindow(window);
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('shows and focuses a hidden or background window without restoring it', () => {
    const window = fakeWindow(false);
    focusWindow(window);
    expect(window.calls).toEqual(['show', 'focus']);
  });
});
