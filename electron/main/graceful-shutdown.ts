import type { Logger } from '../core/log';

export interface ShutdownSteps {
  /**
   * Close the local server: the proxy stops taking requests and those in flight finish and are
   * recorded (up to `graceMs`), then the listener closes.
   */
  closeServer: (graceMs: number) => Promise<void>;
  /** Close the services: flushes batched usage and closes the database. */
  closeCore: () => void | Promise<void>;
}

/**
 * Quit in order — drain and close the server, then flush and close the core — once, however
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
      await step('close server', () => steps.closeServer(graceMs));
      await step('close core', () => steps.closeCore());
    })();
    return running;
  };
}
