import { operations, type HttpMethod, type OperationName } from '../../../shared/operations';

export interface RestRoute {
  name: OperationName;
  method: HttpMethod;
  pattern: RegExp;
  paramNames: string[];
  successStatus: number;
}

/** Compiles the contract's `/ai-providers/:aiProviderId` paths into matchers, once. */
export function compileRestRoutes(names: readonly OperationName[] = Object.keys(operations) as OperationName[]): RestRoute[] {
  return names.map((name) => {
    const { method, path, successStatus } = operations[name].http;
    const paramNames: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        paramNames.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    return { name, method, pattern: new RegExp(`^${source}/?$`), paramNames, successStatus: successStatus ?? 200 };
  });
}

export type RouteMatch =
  { kind: 'found'; route: RestRoute; params: Record<string, string> } | { kind: 'wrong-method'; allowed: HttpMethod[] } | { kind: 'none' };

export function matchRestRoute(routes: readonly RestRoute[], method: string, path: string): RouteMatch {
  const allowed: HttpMethod[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    route.paramNames.forEach((name, index) => {
      params[name] = safeDecode(match[index + 1]!);
    });
    return { kind: 'found', route, params };
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `?a=1&a=2&b=x` → `{ a: ['1', '2'], b: 'x' }`; `__proto__` and friends stay plain keys. */
export function queryToObject(search: URLSearchParams): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of search) {
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return { ...result };
}
