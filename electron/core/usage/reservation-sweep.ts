import { isoNow, type Clock } from '../clock';
import type { BudgetLedger } from '../db/budget-ledger';
import type { Logger } from '../log';

/** How often holds past their expiry are looked for, unless set. */
const defaultSweepEveryMs = 60_000;

/**
 * Releases budget reservations nobody settled: those of a process that died mid-request (this
 * one before a restart, or another gateway on a shared store). Runs at start and every minute
 * (`everyMs`, SWITCHBOARD_RESERVATION_SWEEP_MS).
 */
export function startReservationSweep(deps: { ledger: BudgetLedger; clock: Clock; log: Logger; everyMs?: number }) {
  const sweep = (): Promise<number> =>
    deps.ledger.releaseExpired(isoNow(deps.clock)).then(
      (released) => {
        if (released > 0) deps.log.info('released expired budget reservations', { released });
        return released;
      },
      (error: unknown) => {
        deps.log.error('expired budget reservations could not be released', { message: (error as Error).message });
        return 0;
      },
    );
  void sweep();
  const timer = setInterval(() => void sweep(), deps.everyMs ?? defaultSweepEveryMs);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}
