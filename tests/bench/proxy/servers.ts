/**
 * One benchmark server per child process, so the load generator, the upstream and the server
 * under test do not share an event loop: `upstream` (the fake provider), `bare` (node:http + an
 * undici pass-through, the yardstick) or `proxy` (Switchboard's real core and local server).
 * Reports `{ type: 'ready', url, token? }`, answers `{ type: 'stats' }` with CPU and memory and
 * `{ type: 'in-server' }` with the median time requests spent inside it since the last ask.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Agent } from 'undici';
import { bootCore } from '../../../electron/core/boot';
import { startLocalServer } from '../../../electron/core/gateway/local-server';
import { createMemoryLogger } from '../../../electron/core/log';
import { adminSessionActor } from '../../../electron/core/operations/actor';
import { createMemoryVault } from '../../../electron/core/secrets/memory-vault';
import { startFakeUpstream } from '../../support/fake-upstream/fake-upstream';
import { makeTempDir } from '../../support/temp-dir';
import { watchInServerTime } from './in-server-time';

const role = process.argv[2];
const upstreamUrl = process.argv[3] ?? '';
const send = (message: unknown) => process.send!(message);
const inServer = watchInServerTime();

// An orderly exit, so a `--cpu-prof` run (BENCH_PROFILE) writes its profile.
process.once('SIGTERM', () => process.exit(0));
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') send({ type: 'stats', cpu: process.cpuUsage(), memory: process.memoryUsage() });
  if (message.type === 'in-server') send({ type: 'in-server', ms: inServer.takeMedianMs() });
});

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

async function bare(): Promise<void> {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    passThrough(req, res).catch(() => res.destroy()); // a client that leaves early is not an error here
  });
  async function passThrough(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (!hopByHop.has(name) && typeof value === 'string') headers[name] = value;
    const upstream = await agent.request({ origin: upstreamUrl, path: req.url!, method: req.method as 'POST', headers, body: Buffer.concat(chunks) });
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstream.headers)) if (!hopByHop.has(name) && value !== undefined) out[name] = value;
    res.writeHead(upstream.statusCode, out);
    await pipeline(upstream.body, res);
  }
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

async function proxy(): Promise<void> {
  const temp = makeTempDir();
  const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log: createMemoryLogger('warn'), vault: createMemoryVault() });
  const server = await startLocalServer(core, { port: 0, uiDir: temp.dir });
  const secret = (await core.invoke('createSecret', { name: 'bench key', value: 'sk-bench-0000000000000000' }, adminSessionActor)) as { id: string };
  await core.invoke('createAiProvider', { name: 'bench', provider: 'anthropic', defaultModel: 'claude-haiku-4-5', baseUrl: upstreamUrl, secretId: secret.id }, adminSessionActor);
  const created = (await core.invoke('createToken', { name: 'bench', kind: 'job' }, adminSessionActor)) as { value: string };
  send({ type: 'ready', url: server.agentEndpoint + '/ai/anthropic', token: created.value });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'rows') {
      core.usageRecorder.flush();
      send({ type: 'rows', count: core.db.prepare('SELECT COUNT(*) FROM usage_records').pluck().get() });
    }
  });
}

async function upstream(): Promise<void> {
  const fake = await startFakeUpstream({ keepRecords: false });
  send({ type: 'ready', url: fake.url });
}

await ({ bare, proxy, upstream } as Record<string, () => Promise<void>>)[role!]!();
