import type { OperationParsedInput } from '../../../shared/operations';
import type { Clock } from '../clock';
import type { RequestLogFilter, RequestLogRepo } from '../db/request-log-repo';
import { instantOfUuid } from '../ids';
import type { Actor } from '../operations/actor';
import { listScope } from './actor-scope';

const defaultWindowMs = 24 * 3_600_000;
/** A request id is minted from its arrival instant; its row's `at` is that same instant. */
const requestIdWindowMs = 1_000;

/**
 * The request log over the raw usage rows: by default the last 24 hours. A request id looks in the
 * moment the id was minted at, so a response's `x-request-id` is found whatever range is shown.
 */
export function createRequestsService(deps: { store: { requestLog: RequestLogRepo }; clock: Clock }) {
  return {
    list(input: OperationParsedInput<'listRequests'>, actor: Actor) {
      return deps.store.requestLog.list(resolveFilter(input, deps.clock.now(), actor), { limit: input.limit, cursor: input.cursor });
    },
  };
}
export type RequestsService = ReturnType<typeof createRequestsService>;

function resolveFilter(input: OperationParsedInput<'listRequests'>, now: Date, actor: Actor): RequestLogFilter {
  const minted = input.requestId === undefined ? null : instantOfUuid(input.requestId);
  const until = minted !== null ? minted + requestIdWindowMs : input.until ? Date.parse(input.until) : now.getTime() + 1;
  const since = minted !== null ? minted - requestIdWindowMs : input.since ? Date.parse(input.since) : until - defaultWindowMs;
  return {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    projectId: listScope(actor, input.projectId),
    status: input.status ?? null,
    errorCode: input.errorCode ?? null,
    tokenId: input.tokenId ?? null,
    pipeline: input.pipeline ?? null,
    gatewayId: input.gatewayId ?? null,
    provider: input.provider ?? null,
    model: input.model ?? null,
    requestId: input.requestId ?? null,
  };
}
