import type { UsageRecord } from '../../../shared/operations/usage';
import type { Logger } from '../log';
import type { RequestObserver } from './request-observers';

/**
 * One log line per finished request, with its request id: what happened, never a body, a key, or
 * a label other than the pipeline. With SWITCHBOARD_LOG_FORMAT=json it is one JSON object per line.
 * Failed requests log at `warn` so they stand out at any level.
 */
export function createRequestLogLine(log: Logger): RequestObserver {
  return (row: UsageRecord) => {
    const level = row.status >= 400 || row.outcome !== 'ok' ? 'warn' : 'info';
    // Built for every request otherwise, and dropped at the default gateway level (warn).
    if (log.enabled?.(level) === false) return;
    log[level]('request', {
      requestId: row.requestId,
      status: row.status,
      outcome: row.outcome,
      route: row.route,
      provider: row.provider,
      aiProviderId: row.aiProviderId,
      model: row.model,
      endpoint: row.endpoint,
      streamed: row.streamed,
      tokenId: row.tokenId,
      pipeline: row.labels.pipeline,
      inputTokens: row.usageUnknown ? null : row.inputTokens,
      outputTokens: row.usageUnknown ? null : row.outputTokens,
      cacheReadTokens: row.usageUnknown ? null : row.cacheReadTokens,
      cacheWriteTokens: row.usageUnknown ? null : row.cacheWriteTokens,
      costMicroUsd: row.costMicroUsd,
      latencyMs: row.latencyMs,
      ttfbMs: row.ttfbMs,
      overheadMs: row.overheadMs,
      attempts: row.attempts,
      error: row.errorMessage,
    });
  };
}
