import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import type { BudgetLedger } from './budget-ledger';
import type { OutageWindow } from './store-outage';

/**
 * What a capped request gets while budget reservations cannot be made (the team database is
 * unreachable): `closed` (the default) refuses it, saying why; `open` lets it through unreserved,
 * so spend caps may be overshot until the database returns.
 */
export type CappedWhenUnreachable = 'closed' | 'open';

/** The ledger with the outage rule applied: reservations that cannot be made fail closed or open, as configured, and say so. */
export function ledgerWhenUnreachable(
  ledger: BudgetLedger,
  deps: { outage: OutageWindow; mode: CappedWhenUnreachable; log: Logger },
): BudgetLedger {
  let warnedOpen = false;
  return {
    ...ledger,
    async reserve(request) {
      try {
        return await ledger.reserve(request);
      } catch (error) {
        if (!deps.outage.noteUnavailable(error)) throw error;
        if (deps.mode === 'closed') {
          throw new AppError(
            'store_unavailable',
            'A spend cap applies to this request, and budget reservations cannot be made while the team database is unreachable: capped requests are refused until it returns (SWITCHBOARD_CAPPED_WHEN_UNREACHABLE=closed).',
            undefined,
            5,
          );
        }
        if (!warnedOpen)
          deps.log.warn('team database unreachable: capped requests pass unreserved (SWITCHBOARD_CAPPED_WHEN_UNREACHABLE=open)');
        warnedOpen = true;
        return { crossed: null };
      }
    },
    async settle(id, counters, cost) {
      try {
        return await ledger.settle(id, counters, cost);
      } catch (error) {
        if (!deps.outage.noteUnavailable(error)) throw error;
        deps.log.warn('a budget reservation could not be settled: the team database is unreachable; it is released when it expires', {
          reservationId: id,
        });
        return [];
      }
    },
  };
}
