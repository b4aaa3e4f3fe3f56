import type { OperationParsedInput } from '../../../shared/operations';
import type { Clock } from '../clock';
import type { UsageReportsRepo } from '../db/usage-repo';
import type { Logger } from '../log';
import type { Actor } from '../operations/actor';
import { grainOf, resolveUsageView } from './usage-view';

/** Usage reports: summary, time series and export over the daily rollups. */
export function createUsageService(deps: { store: { usageReports: UsageReportsRepo }; clock: Clock; log: Logger }) {
  const reports = deps.store.usageReports;
  return {
    summary(input: OperationParsedInput<'getUsageSummary'>, actor: Actor) {
      return reports.summary(resolveUsageView(input, deps.clock, actor));
    },
    timeSeries(input: OperationParsedInput<'getUsageTimeSeries'>, actor: Actor) {
      const view = resolveUsageView(input, deps.clock, actor);
      return reports.timeSeries(view, input.limit, grainOf(input.grain, view));
    },
    export(input: OperationParsedInput<'exportUsage'>, actor: Actor) {
      return reports.export(resolveUsageView(input, deps.clock, actor), input.format);
    },
  };
}
export type UsageService = ReturnType<typeof createUsageService>;
