import { useEffect } from 'react';

/**
 * Calls `tick` now and every `intervalMs` while the page is visible; the live parts of the UI
 * (status bar, usage) refresh this way over both transports.
 */
export function usePolling(tick: () => void, intervalMs: number, options: { immediate?: boolean } = {}): void {
  const immediate = options.immediate ?? true;
  useEffect(() => {
    if (immediate) tick();
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') tick();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [tick, intervalMs, immediate]);
}
