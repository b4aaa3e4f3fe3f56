import { lookup, type LookupAddress } from 'node:dns';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HostLookup } from '../../electron/core/proxy/upstream-agent';
import { AppError } from '../../shared/errors';
import { errorOf, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/**
 * Every error of the upstream call keeps a real status, on the wire and in its usage row: host
 * names below are answered by a test resolver that maps them to forbidden addresses or fails in
 * the ways a resolver or connect can.
 */
const failures: Record<string, () => unknown> = {
  'enotfound.test': () => Object.assign(new Error('getaddrinfo ENOTFOUND enotfound.test'), { code: 'ENOTFOUND' }),
  'no-code.test': () => new Error('something broke without a code'),
  'app-code.test': () => Object.assign(new Error('a code that looks like ours'), { code: 'forbidden' }),
  'not-an-error.test': () => 'a string, thrown',
  'wrapped.test': () => new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }),
};
const sinkholes: Record<string, string> = { 'sinkhole.test': '0.0.0.0', 'rebind.test': '169.254.169.254', 'v6-sinkhole.test': '::' };

const testLookup: HostLookup = (hostname, options, callback) => {
  const failure = failures[hostname];
  if (failure) return callback(failure() as NodeJS.ErrnoException, []);
  if (hostname === 'throws.test') throw new RangeError('resolver bug');
  const address = sinkholes[hostname];
  if (address) return callback(null, [{ address, family: address.includes(':') ? 6 : 4 } satisfies LookupAddress]);
  lookup(hostname, options, callback);
};

const hosts = [...Object.keys(sinkholes), ...Object.keys(failures), 'throws.test'];
let h: ProxyHarness;

beforeAll(async () => {
  h = await startProxyHarness({
    options: { lookup: testLookup },
    providers: [
      { slug: 'openai', name: 'healthy' },
      ...hosts.map((host) => ({ slug: 'custom' as const, name: host, baseUrl: (fake: string) => fake.replace('127.0.0.1', host) })),
    ],
  });
});
afterAll(() => h.stop());

const call = (providerRef: string) =>
  fetch(`${h.endpoint}/ai/${providerRef}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
  });
const providerFor = (host: string) => h.providers.find((p) => p.name === host)!;

it('a provider host resolving to 0.0.0.0 is a 403 forbidden_upstream naming the host; 50 ordinary requests after it are each recorded', async () => {
  const refused = await call(providerFor('sinkhole.test').id);
  expect(refused.status).toBe(403);
  const error = await errorOf(refused);
  expect(error.code).toBe('forbidden_upstream');
  expect(error.message).toContain('sinkhole.test');
  expect(h.fake.received).toHaveLength(0);

  for (let i = 0; i < 50; i++) expect((await call('openai')).status).toBe(200);
  const rows = await h.rows();
  expect(rows).toHaveLength(51);
  expect(rows[0]).toMatchObject({ status: 403, outcome: 'forbidden_upstream', aiProviderId: providerFor('sinkhole.test').id });
  expect(rows.slice(1).every((row) => row.status === 200 && row.outcome === 'ok' && row.outputTokens === 6)).toBe(true);
});

it.each(hosts)(
  'whatever the upstream call throws (%s), the client gets a 4xx/5xx other than 500 and the row has that status',
  async (host) => {
    const before = (await h.rows()).length;
    const response = await call(providerFor(host).id);
    const error = await errorOf(response);
    expect(response.status, error.message).not.toBe(500);
    expect(response.status).toBeGreaterThanOrEqual(400);
    const rows = await h.rows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ status: response.status, outcome: error.code });
    expect(new AppError(error.code as never, '').status).toBe(response.status);
  },
);
