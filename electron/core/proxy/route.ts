import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Route } from '../../../shared/operations/routes';
import { providerSlugs } from '../../../shared/slugs';
import type { ProxyLookups } from './proxy-lookups';
import { parseProxyPath, type ProxyRoute } from './route-path';
import type { Routing } from './routes/target-order';

const slugs = new Set<string>(providerSlugs);

/**
 * The second stage: the candidate targets for a request. A provider slug or an `aip_` id names
 * one AI provider; any other name is a route of the project, whose targets the attempt stage walks.
 */
export function createRouter(lookups: ProxyLookups) {
  function single(provider: AiProvider): Routing {
    return { route: null, candidates: [{ provider, model: null, pinFollowUps: false, weight: 1 }] };
  }

  function routed(route: Route, providers: AiProvider[]): Routing {
    return {
      route,
      candidates: route.targets.map((target, i) => ({
        provider: providers[i]!,
        model: target.model,
        pinFollowUps: target.pinFollowUps,
        weight: target.weight,
      })),
    };
  }

  function targetsOf(projectId: string, route: Route, now: number): Promise<Routing> | Routing {
    const found = route.targets.map((target) => lookups.provider(projectId, target.aiProviderId, now));
    if (!found.some((value) => value instanceof Promise)) return routed(route, found as AiProvider[]);
    return Promise.all(found).then((providers) => routed(route, providers));
  }

  return {
    /** The provider route in a path, before any lookup (so refusals can name the endpoint). */
    parse(pathname: string): ProxyRoute {
      const route = parseProxyPath(pathname);
      if (!route)
        throw new AppError(
          'not_found',
          'Provider routes are /v3/ai/<provider or route>/<upstream path>, e.g. /v3/ai/anthropic/v1/messages',
        );
      return route;
    },
    /** The candidates (a resolved provider or route is cached: usually no promise). */
    targets(projectId: string, path: ProxyRoute, now: number): Promise<Routing> | Routing {
      const ref = path.providerRef;
      if (slugs.has(ref) || ref.startsWith('aip_')) {
        const found = lookups.provider(projectId, ref, now);
        return found instanceof Promise ? found.then(single) : single(found);
      }
      const route = lookups.route(projectId, ref, now);
      return route instanceof Promise ? route.then((r) => targetsOf(projectId, r, now)) : targetsOf(projectId, route, now);
    },
  };
}
export type Router = ReturnType<typeof createRouter>;
