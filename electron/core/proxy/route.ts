import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { ProxyLookups } from './proxy-lookups';
import { parseProxyPath, type ProxyRoute } from './route-path';

/**
 * The second stage: the candidate targets for a request. Today a route names one AI provider (a
 * slug or an `aip_` id); a named route with ordered or weighted targets returns more than one,
 * and the attempt stage walks them.
 */
export function createRouter(lookups: ProxyLookups) {
  return {
    /** The provider route in a path, before any lookup (so refusals can name the endpoint). */
    parse(pathname: string): ProxyRoute {
      const route = parseProxyPath(pathname);
      if (!route)
        throw new AppError('not_found', 'Provider routes are /v3/ai/<provider>/<upstream path>, e.g. /v3/ai/anthropic/v1/messages');
      return route;
    },
    /** The candidates, in the order they are tried (a resolved provider is cached: usually no promise). */
    targets(projectId: string, route: ProxyRoute, now: number): Promise<AiProvider[]> | AiProvider[] {
      const found = lookups.provider(projectId, route.providerRef, now);
      return found instanceof Promise ? found.then((provider) => [provider]) : [found];
    },
  };
}
export type Router = ReturnType<typeof createRouter>;
