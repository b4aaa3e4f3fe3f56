import type { OperationParsedInput } from '../../../shared/operations';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import type { Logger } from '../log';
import type { Actor } from '../operations/actor';
import { exportUsage } from '../usage/usage-export';
import { createUsageQueries } from '../usage/usage-queries';
import { resolveUsageView } from '../usage/usage-view';

/** Usage reports: summary, time series and export over the daily rollups. */
export function createUsageService(deps: { db: Db; clock: Clock; log: Logger }) {
  const queries = createUsageQueries(deps.db, deps.log);
  return {
    summary(input: OperationParsedInput<'getUsageSummary'>, actor: Actor) {
      return queries.summary(resolveUsageView(input, deps.clock, actor));
    },
    timeSeries(input: OperationParsedInput<'getUsageTimeSeries'>, actor: Actor) {
      return queries.timeSeries(resolveUsageView(input, deps.clock, actor), input.limit);
    },
    export(input: OperationParsedInput<'exportUsage'>, actor: Actor) {
      return exportUsage(deps.db, resolveUsageView(input, deps.clock, actor), input.format);
    },
  };
}
export type UsageService = ReturnType<typeof createUsageService>;
