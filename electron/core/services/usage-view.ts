import { invalidInput } from '../../../shared/errors';
import { maxHourlyRangeDays, type UsageGrain, type UsageQuery } from '../../../shared/operations';
import type { UsageView } from '../db/usage-repo';
import type { Clock } from '../clock';
import { addDays, dayOf, daysBetween } from '../days';
import type { Actor } from '../operations/actor';
import { listScope } from './actor-scope';

const defaultRangeDays = 30;
const maxRangeDays = 366 * 3;
/** An hourly series asked for explicitly: a month is 744 points, enough for any chart. */
const maxHourRangeDays = 31;

export type { UsageView };

/**
 * Fills in the default range (the last 30 days, today included) and builds the filter. A token
 * caller only ever sees its own project (another project's id answers 404, as everywhere).
 */
export function resolveUsageView(query: UsageQuery, clock: Clock, actor: Actor): UsageView {
  const to = query.to ?? dayOf(clock.now());
  const from = query.from ?? addDays(to, -(defaultRangeDays - 1));
  if (from > to) throw invalidInput([{ path: 'from', message: 'must not be after `to`' }]);
  if (daysBetween(from, to) > maxRangeDays) {
    throw invalidInput([{ path: 'from', message: `the range may span at most ${maxRangeDays} days` }]);
  }
  return {
    from,
    to,
    groupBy: query.groupBy,
    projectId: listScope(actor, query.projectId),
    provider: query.provider ?? null,
    tokenId: query.tokenId ?? null,
    gatewayId: query.gatewayId ?? null,
  };
}

/** Hours for ranges of up to a week (a day is 24 points, not one), days beyond; an explicit grain wins. */
export function grainOf(grain: UsageGrain, view: Pick<UsageView, 'from' | 'to'>): 'day' | 'hour' {
  const days = daysBetween(view.from, view.to);
  if (grain === 'hour' && days > maxHourRangeDays) {
    throw invalidInput([{ path: 'grain', message: `hourly series span at most ${maxHourRangeDays} days` }]);
  }
  if (grain !== 'auto') return grain;
  return days <= maxHourlyRangeDays ? 'hour' : 'day';
}
