import { ErrorBody } from '../../../shared/errors';
import { isOperationName, operations } from '../../../shared/operations';
import { restBasePath } from '../../../shared/paths';
import { ApiError } from './api-error';
import type { Transport } from './transport';

/**
 * Headless mode and the browser: calls go to `/api/v1` with the admin session cookie. Path
 * parameters come out of the input; GET and DELETE send the rest as the query string.
 */
export function createHttpTransport(baseUrl = restBasePath, fetchImpl: typeof fetch = (...args) => fetch(...args)): Transport {
  /** Path parameters come out of the input; the rest is returned for the query or body. */
  function resolve(name: string, input: unknown): { method: string; url: string; rest: Record<string, unknown> } {
    if (!isOperationName(name)) throw new ApiError('not_found', `Unknown operation ${name}`);
    const { method, path } = operations[name].http;
    const rest: Record<string, unknown> = { ...(input as Record<string, unknown> | undefined) };
    const resolvedPath = path.replace(/:([A-Za-z]+)/g, (_, param: string) => {
      const value = rest[param];
      delete rest[param];
      return encodeURIComponent(String(value ?? ''));
    });
    let url = baseUrl + resolvedPath;
    if (method === 'GET' || method === 'DELETE') {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(rest)) {
        if (value === undefined || value === null) continue;
        for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
      }
      if ([...query].length > 0) url += `?${query}`;
    }
    return { method, url, rest };
  }

  return {
    kind: 'http',
    urlOf(name, input) {
      const { method, url } = resolve(name, input);
      return method === 'GET' ? url : null;
    },
    async call(name, input) {
      const { method, url, rest } = resolve(name, input);
      const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
      if (method !== 'GET' && method !== 'DELETE') {
        init.headers = { ...init.headers, 'content-type': 'application/json' };
        init.body = JSON.stringify(rest);
      }
      const response = await fetchImpl(url, init);
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        const parsed = ErrorBody.safeParse(body);
        if (parsed.success) throw ApiError.from(parsed.data.error);
        throw new ApiError('internal', `Switchboard answered ${response.status}`);
      }
      return body;
    },
  };
}
