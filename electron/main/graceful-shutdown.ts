import type { Logger } from '../core/log';

export interface ShutdownSteps {
  /** Stop taking new proxy requests and wait (up to `graceMs`) for those in flight; absent until the proxy offers it. */
  drainProxy?: (graceMs: number) => Promise<void>;
  /** Close the local server: stop accepting, let in-flight requests finish up to `graceMs`, then cut the rest. */
  closeServer: (graceMs: number) => Promise<void>;
  /** Close the services: flushes batched usage and closes the database. */
  closeCore: () => void | Promise<void>;
}

/**
 * Quit in order — drain the proxy, close the server, flush and close the core — once, however
 * many times quit is asked for. A failing step is logged and the next one still runs, so usage is
 * flushed even when the server would not close cleanly.
 */
export function createGracefulShutdown(steps: ShutdownSteps, options: { log: Logger; graceMs?: number }) {
  const graceMs = options.graceMs ?? 10_000;
  let running: Promise<void> | null = null;
  const step = async (name: string, work: () => void | Promise<void>) => {
    try {
      await work();
    } catch (error) {
      options.log.error('shutdown step failed', { step: name, message: (error as Error).message });
    }
  };
  return (): Promise<void> => {
    running ??= (async () => {
      if (steps.drainProxy) await step('drain proxy', () => steps.drainProxy!(graceMs));
      await step('close server', () => steps.closeServer(graceMs));
      await step('close core', () => steps.closeCore());
    })();
    return running;
  };
}
