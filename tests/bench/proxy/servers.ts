/**
 * One benchmark server per child process, so the load generator, the upstream and the server
 * under test do not share an event loop: `upstream` (the fake provider), `bare` (node:http + an
 * undici pass-through, the yardstick), `minimal` (the least a metering proxy must do, the second
 * yardstick) or `proxy` (Switchboard's real core and local server).
 * Reports `{ type: 'ready', url, token? }`, answers `{ type: 'stats' }` with CPU and memory and
 * `{ type: 'in-server' }` with the median time requests spent inside it since the last ask.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Pool } from 'undici';
import { bootCore } from '../../../electron/core/boot';
import { startLocalServer } from '../../../electron/core/gateway/local-server';
import { createMemoryLogger } from '../../../electron/core/log';
import { adminSessionActor } from '../../../electron/core/operations/actor';
import { createMemoryVault } from '../../../electron/core/secrets/memory-vault';
import { startFakeUpstream } from '../../support/fake-upstream/fake-upstream';
import { makeTempDir } from '../../support/temp-dir';
import { watchInServerTime } from './in-server-time';
import { minimalToken, startMinimalMetering } from './minimal-metering';
import { hopByHop, PassThrough } from './pass-through';

const role = process.argv[2];
const upstreamUrl = process.argv[3] ?? '';
/** The proxy's team database; none: the data directory's SQLite file. */
const databaseUrl = process.argv[4] || null;
const send = (message: unknown) => process.send!(message);
const inServer = watchInServerTime();

// An orderly exit, so a `--cpu-prof` run (BENCH_PROFILE) writes its profile.
process.once('SIGTERM', () => process.exit(0));
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') send({ type: 'stats', cpu: process.cpuUsage(), memory: process.memoryUsage() });
  if (message.type === 'in-server') send({ type: 'in-server', ms: inServer.takeMedianMs() });
});

/**
 * The yardstick: the thinnest pass-through Node allows. node:http in front, an undici `Pool` behind
 * driven by `dispatch` with a plain handler object (undici's own hooks, no per-request promise, no
 * response stream object), headers copied from `rawHeaders`, bodies streamed both ways.
 */
async function bare(): Promise<void> {
  const origin = new URL(upstreamUrl).origin;
  const pool = new Pool(origin, { keepAliveTimeout: 30_000, pipelining: 1 });
  const server = createServer((req, res) => {
    const raw = req.rawHeaders;
    const headers: string[] = [];
    for (let i = 0; i < raw.length; i += 2) if (!hopByHop.has(raw[i]!.toLowerCase())) headers.push(raw[i]!, raw[i + 1]!);
    pool.dispatch({ origin, path: req.url!, method: req.method as 'POST', headers, body: req }, new PassThrough(res));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

async function proxy(): Promise<void> {
  const temp = makeTempDir();
  const core = await bootCore({
    dataDir: temp.dir,
    mode: 'headless',
    log: createMemoryLogger('warn'),
    vault: createMemoryVault(),
    databaseUrl,
  });
  const server = await startLocalServer(core, { port: 0, uiDir: temp.dir });
  const secret = (await core.invoke('createSecret', { name: 'bench key', value: 'sk-bench-0000000000000000' }, adminSessionActor)) as {
    id: string;
  };
  const provider = (await core.invoke(
    'createAiProvider',
    { name: 'bench', provider: 'anthropic', defaultModel: 'claude-haiku-4-5', baseUrl: upstreamUrl, secretId: secret.id },
    adminSessionActor,
  )) as { id: string };
  // The same provider behind a route with its defaults (one retry, a breaker): what a route costs when nothing fails.
  await core.invoke(
    'createRoute',
    { name: 'bench-route', family: 'anthropic', targets: [{ aiProviderId: provider.id }] },
    adminSessionActor,
  );
  const created = (await core.invoke('createToken', { name: 'bench', kind: 'job' }, adminSessionActor)) as { value: string };
  send({
    type: 'ready',
    url: server.agentEndpoint + '/ai/anthropic',
    routeUrl: server.agentEndpoint + '/ai/bench-route',
    token: created.value,
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'rows') {
      core.usageRecorder.flush();
      void countRows(core).then((count) => send({ type: 'rows', count }));
    }
  });
}

/** The usage rows written so far (on PostgreSQL, the last batch may still be on its way). */
async function countRows(core: Awaited<ReturnType<typeof bootCore>>): Promise<number> {
  if (core.storeKind === 'sqlite') return core.db.prepare('SELECT COUNT(*) FROM usage_records').pluck().get() as number;
  const client = new pg.Client({ connectionString: databaseUrl! });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM usage_records')).rows[0]!.n;
  } finally {
    await client.end();
  }
}

async function upstream(): Promise<void> {
  const fake = await startFakeUpstream({ keepRecords: false });
  send({ type: 'ready', url: fake.url });
}

async function minimal(): Promise<void> {
  const server = await startMinimalMetering(upstreamUrl, makeTempDir().dir);
  process.on('message', (message: { type: string }) => {
    if (message.type === 'rows') void server.rows().then((count) => send({ type: 'rows', count }));
  });
  send({ type: 'ready', url: server.url, token: minimalToken });
}

await ({ bare, minimal, proxy, upstream } as Record<string, () => Promise<void>>)[role!]!();
