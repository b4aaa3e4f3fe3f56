import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/errors';
import type { Permission } from '../../../shared/permissions';
import { hasPermission, type Actor } from '../operations/actor';
import type { RouteHandler } from './gateway-handler';

/** Metrics are the system's status in numbers: whoever may read the status may scrape them. */
const metricsPermission: Permission = 'system:GetSystemStatus';

/**
 * `GET /metrics`, the Prometheus text format, protected like the API: the admin session, or an API
 * token (`Authorization: Bearer sb_…`, as Prometheus' `authorization` scrape setting sends it)
 * holding `system:GetSystemStatus`.
 */
export function createMetricsEndpoint(deps: {
  metrics: { contentType: string; render(): Promise<string> };
  authenticate(req: IncomingMessage): Promise<Actor | null>;
}): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new AppError('method_not_allowed', 'Scrape /metrics with GET');
    const actor = await deps.authenticate(req);
    if (!actor) throw new AppError('unauthorized', 'Sign in, or send an API token: Authorization: Bearer sb_…');
    if (!hasPermission(actor, metricsPermission)) {
      throw new AppError('forbidden', `Missing permission ${metricsPermission}`, { permission: metricsPermission });
    }
    const text = await deps.metrics.render();
    res.writeHead(200, {
      'content-type': deps.metrics.contentType,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
}
