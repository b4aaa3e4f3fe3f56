import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../shared/errors';
import {
  aiProviderOperations,
  auditEventOperations,
  projectOperations,
  secretOperations,
  systemOperations,
  tokenOperations,
  type OperationSpec,
} from '../../shared/operations';
import { apiClient, type ApiClient } from '../support/api-client';
import { pollutionKeys, storeFieldNames } from '../support/fuzz-field-names';
import { storeFixtures } from '../support/store-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

/** Field names the store knows, plus the ones prototype pollution goes for. */
const keys = fc.constantFrom(...pollutionKeys, ...storeFieldNames, 'force', 'includeRevoked');
const objectText = fc
  .array(fc.tuple(keys, fc.jsonValue({ maxDepth: 3 })), { maxLength: 8 })
  .map((pairs) => `{${pairs.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`);
const invalidUtf8 = fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => {
  const head = Buffer.from('{"name":"');
  return new Uint8Array(Buffer.concat([head, Buffer.from([0xff, 0xc3]), Buffer.from(bytes), Buffer.from('"}')]));
});
const body = fc.oneof(
  { weight: 6, arbitrary: objectText },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 120 }) },
  { weight: 2, arbitrary: invalidUtf8 },
  { weight: 1, arbitrary: fc.constant('{"name": "a", "name": ') },
  { weight: 1, arbitrary: fc.constant('[1,2,3]') },
  { weight: 1, arbitrary: fc.constant('{"a":'.repeat(5000)) },
);
const contentType = fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', '');
const queryValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer().map(String),
  fc.constantFrom('true', '0', '-1', '1e309', 'NaN', '%zz', '%ff', ''),
);
const query = fc.array(fc.tuple(keys, queryValue), { maxLength: 6 }).map((pairs) => {
  const text = pairs
    .map(([key, value]) => `${encodeURIComponent(key)}=${value.startsWith('%') ? value : encodeURIComponent(value)}`)
    .join('&');
  return text ? `?${text}` : '';
});
const pathParam = (real: string) =>
  fc.oneof(
    fc.constant(real),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.constantFrom('%ff', '%zz', '__proto__', 'aip_', real + 'x', '..', 'sec_' + 'A'.repeat(60)),
  );

const storeOperations: OperationSpec[] = [
  systemOperations,
  projectOperations,
  aiProviderOperations,
  secretOperations,
  tokenOperations,
  auditEventOperations,
].flatMap((table) => Object.values(table) as OperationSpec[]);
const runsPerOperation = Math.ceil(3_000 / storeOperations.length);

describe('malformed input to every store endpoint', () => {
  let t: TestServer;
  let admin: ApiClient;
  let cookie: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestServer();
    cookie = await t.login();
    admin = apiClient(t.server, { cookie });
    const f = storeFixtures(t.core);
    const secret = await f.secret();
    const provider = await f.provider({ secretId: secret.id });
    ids.projectId = await t.core.projects.defaultProjectId();
    ids.secretId = secret.id;
    ids.aiProviderId = provider.id;
    ids.tokenId = (await f.token([])).token.id;
    ids.auditEventId = (await t.core.audit.list({ kind: 'admin', id: 'cli' }, { limit: 1 })).items[0]!.id;
  });
  afterAll(() => t.stop());

  for (const spec of storeOperations) {
    const { method, path } = spec.http;
    it(`${method} ${path}: ${runsPerOperation} malformed requests → 4xx JSON errors, never 5xx`, async () => {
      const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const concretePath = fc
        .tuple(...params.map((name) => pathParam(ids[name]!)))
        .map((values) => params.reduce((result, name, index) => result.replace(`:${name}`, values[index]!), path));
      await fc.assert(
        fc.asyncProperty(concretePath, query, body, contentType, async (p, q, b, type) => {
          const hasBody = method === 'POST' || method === 'PATCH';
          const headers: Record<string, string> = { cookie };
          if (type) headers['content-type'] = type;
          const response = await admin.raw(method, `${p}${hasBody ? '' : q}`, hasBody ? b : undefined, headers);
          expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
          if (response.status >= 400) expect(ErrorBody.safeParse(response.body).success, response.text.slice(0, 300)).toBe(true);
          else expect(response.headers.get('content-type')).toContain('application/json');
        }),
        { numRuns: runsPerOperation },
      );
    });
  }

  it('refuses bodies over the limit with 413 on every endpoint that takes one', async () => {
    const huge = '{"name":"' + 'x'.repeat(1_100_000) + '"}';
    for (const spec of storeOperations.filter((s) => s.http.method === 'POST' || s.http.method === 'PATCH')) {
      const path = spec.http.path.replace(/:(\w+)/g, (_m, name: string) => ids[name]!);
      const response = await admin.raw(spec.http.method, path, huge, { cookie, 'content-type': 'application/json' });
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('payload_too_large');
    }
  });

  it('keeps __proto__ keys from polluting anything', async () => {
    const text = '{"__proto__":{"polluted":true},"name":"proto","provider":"openai","defaultModel":"m"}';
    const response = await admin.raw('POST', '/ai-providers', text, { cookie, 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    const config = await admin.raw(
      'POST',
      '/ai-providers',
      '{"name":"proto2","provider":"openai","defaultModel":"m","config":{"__proto__":{"polluted":true}}}',
      {
        cookie,
        'content-type': 'application/json',
      },
    );
    expect(config.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('is still healthy afterwards, with no unexpected errors logged', async () => {
    expect((await admin.get('/system/status')).status).toBe(200);
    expect(t.logLines.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});
