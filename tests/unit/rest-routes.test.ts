import { describe, expect, it } from 'vitest';
import { compileRestRoutes, matchRestRoute, queryToObject } from '../../electron/core/api/rest-routes';

describe('REST routes compiled from the operation contract', () => {
  const routes = compileRestRoutes();

  it('matches a route of the contract by method and path', () => {
    const match = matchRestRoute(routes, 'GET', '/system/status');
    expect(match).toMatchObject({ kind: 'found', route: { name: 'getSystemStatus', successStatus: 200 } });
  });

  it('tells a wrong method apart from an unknown path', () => {
    expect(matchRestRoute(routes, 'POST', '/system/status')).toEqual({ kind: 'wrong-method', allowed: ['GET'] });
    expect(matchRestRoute(routes, 'GET', '/nope')).toEqual({ kind: 'none' });
  });

  it('extracts and decodes path parameters of the compiled contract routes', () => {
    expect(matchRestRoute(routes, 'POST', '/ai-providers/aip_a%20b/test')).toMatchObject({
      kind: 'found',
      route: { name: 'testAiProvider', paramNames: ['aiProviderId'] },
      params: { aiProviderId: 'aip_a b' },
    });
    expect(matchRestRoute(routes, 'GET', '/projects/prj_1/')).toMatchObject({
      route: { name: 'getProject' },
      params: { projectId: 'prj_1' },
    });
    // A parameter is one segment: no slash inside, none empty.
    expect(matchRestRoute(routes, 'GET', '/projects/prj_1/extra')).toEqual({ kind: 'none' });
    expect(matchRestRoute(routes, 'GET', '/projects//')).toEqual({ kind: 'none' });
    // A malformed escape is kept as written rather than thrown.
    expect(matchRestRoute(routes, 'GET', '/projects/%E0%A4%A')).toMatchObject({ params: { projectId: '%E0%A4%A' } });
  });

  it('keeps repeated query keys and never touches the prototype', () => {
    const query = queryToObject(new URLSearchParams('a=1&a=2&b=x&__proto__=polluted'));
    expect(query.a).toEqual(['1', '2']);
    expect(query.b).toBe('x');
    expect(Object.prototype.hasOwnProperty.call(query, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
