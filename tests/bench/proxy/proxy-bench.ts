/**
 * Direct to the fake upstream vs through a bare node:http + undici pass-through vs through the
 * least a metering proxy must do vs through Switchboard's proxy, in one run: keep-alive load at 32
 * and 128 connections (plain and streamed), one-connection latency and time to first byte, CPU
 * per request, RSS, and memory under 200 concurrent slow streams. Each server runs in its own
 * process.
 */
import { Agent, request } from 'undici';
import { startChild, type Child } from './children';
import { startBenchDatabase, type BenchDatabase } from './bench-database';
import { loadHttp2 } from './http2-load';
import { body, load, serial, type LoadResult, type Target } from './measure';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
/**
 * Targets take turns, several times, and the medians are reported: the machine is shared and noisy.
 * An even number lets the two stores go first equally often (`inTurn`).
 */
const repeats = Number(process.env.BENCH_REPEATS ?? 4);
const serialCount = Number(process.env.BENCH_SERIAL ?? 1500);
/** One-connection latency moves more with the machine's mood than throughput: more rounds, same medians. */
const serialRepeats = Number(process.env.BENCH_SERIAL_REPEATS ?? 5);
/** Narrower runs while profiling: `BENCH_MODES=json`, `BENCH_CONNECTIONS=32`, `BENCH_MEMORY=0`. */
const modes = (process.env.BENCH_MODES ?? 'json,stream').split(',').map((mode) => mode.trim() === 'stream');
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '32,128').split(',').map(Number);
const measureMemory = process.env.BENCH_MEMORY !== '0';
/** The proxy on the SQLite store, and beside it the same proxy on a PostgreSQL team store (`BENCH_STORES=sqlite` skips it). */
const onPostgres = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',').includes('postgres');
/** `BENCH_HTTP2=0` skips the HTTP/2 comparison. */
const measureHttp2 = process.env.BENCH_HTTP2 !== '0';

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function runProxyBench(): Promise<void> {
  const upstream = await startChild('upstream');
  const bare = await startChild('bare', upstream.url);
  const minimal = await startChild('minimal', upstream.url);
  const proxy = await startChild('proxy', upstream.url);
  const database: BenchDatabase | null = onPostgres ? await startBenchDatabase() : null;
  const teamProxy = database ? await startChild('proxy', upstream.url, database.url) : null;
  // The two stores run back to back, so each round compares them under the same load, and take turns
  // going first (`inTurn`), so neither always runs in the other's wake.
  const targets: { target: Target; child: Child | null }[] = [
    { target: { name: 'direct', url: upstream.url, headers: {} }, child: null },
    { target: { name: 'bare pass-through', url: bare.url, headers: {} }, child: bare },
    { target: { name: 'minimal metering', url: minimal.url, headers: { 'x-api-key': minimal.token! } }, child: minimal },
    { target: { name: 'switchboard proxy', url: proxy.url, headers: { 'x-api-key': proxy.token! } }, child: proxy },
    ...(teamProxy
      ? [
          {
            target: { name: 'proxy on PostgreSQL', url: teamProxy.url, headers: { 'x-api-key': teamProxy.token! } },
            child: teamProxy,
          },
        ]
      : []),
    { target: { name: 'switchboard route', url: proxy.routeUrl!, headers: { 'x-api-key': proxy.token! } }, child: proxy },
  ];
  try {
    console.log(
      `# Proxy benchmark — node ${process.version}, ${repeats} × ${seconds}s per load run (medians, targets interleaved), ${serialRepeats} × ${serialCount} serial requests per latency run\n`,
    );
    for (const { target } of targets) await load(target, false, 8, 1); // warm up pools, JIT and caches

    console.log('## Throughput (keep-alive)\n');
    console.log('| target | mode | connections | req/s | p50 ms | p99 ms | CPU µs/req (server) | errors |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|');
    const throughput = new Map<string, LoadResult>();
    const cpuPerRequest = new Map<string, number>();
    /** Each round's req/s by target, mode and concurrency: targets of one round share the machine's mood. */
    const roundRps = new Map<string, number[]>();
    /** `target`'s req/s over `yardstick`'s, round by round. */
    const roundRatios = (target: string, yardstick: string, stream: boolean, connections: number) => {
      const of = (name: string) => roundRps.get(`${name}|${stream}|${connections}`);
      const yard = of(yardstick);
      return of(target)?.map((rps, i) => rps / yard![i]!) ?? null;
    };
    for (const stream of modes) {
      for (const connections of connectionCounts) {
        const runs = new Map<string, { result: LoadResult; cpu: number }[]>();
        for (let rep = 0; rep < repeats; rep++) {
          for (const { target, child } of inTurn(targets, rep)) {
            const before = child ? await child.stats() : null;
            const result = await load(target, stream, connections, seconds);
            const after = child ? await child.stats() : null;
            const cpu =
              before && after
                ? (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / Math.max(1, result.requests)
                : NaN;
            runs.set(target.name, [...(runs.get(target.name) ?? []), { result, cpu }]);
          }
        }
        for (const [name, list] of runs)
          roundRps.set(
            `${name}|${stream}|${connections}`,
            list.map((run) => run.result.requestsPerSecond),
          );
        for (const { target } of targets) {
          const list = runs.get(target.name)!;
          const pick = (f: (r: { result: LoadResult; cpu: number }) => number) => median(list.map(f));
          const result: LoadResult = {
            requestsPerSecond: pick((r) => r.result.requestsPerSecond),
            p50: pick((r) => r.result.p50),
            p99: pick((r) => r.result.p99),
            requests: pick((r) => r.result.requests),
            errors: list.reduce((t, r) => t + r.result.errors, 0),
          };
          const cpu = pick((r) => r.cpu);
          throughput.set(`${target.name}|${stream}|${connections}`, result);
          cpuPerRequest.set(`${target.name}|${stream}|${connections}`, cpu);
          console.log(
            `| ${target.name} | ${stream ? 'stream' : 'json'} | ${connections} | ${fmt(result.requestsPerSecond)} | ${result.p50} | ${result.p99} | ${Number.isNaN(cpu) ? '—' : fmt(cpu)} | ${result.errors} |`,
          );
        }
      }
    }

    if (measureHttp2) await http2BesideHttp1(targets.at(-1)!.target, throughput);

    const single = serialRepeats > 0 ? await oneConnection(targets) : new Map<string, Single>();

    console.log('\n## Ratios and added cost\n');
    for (const stream of modes) {
      for (const connections of connectionCounts) {
        /** `target`'s throughput as a percentage of `yardstick`'s, and its CPU per request as a multiple. */
        const against = (target: string, yardstick: string) => {
          const key = (name: string) => `${name}|${stream}|${connections}`;
          const share = throughput.get(key(target))!.requestsPerSecond / throughput.get(key(yardstick))!.requestsPerSecond;
          return { percent: fmt(share * 100, 1), cpu: (cpuPerRequest.get(key(target))! / cpuPerRequest.get(key(yardstick))!).toFixed(2) };
        };
        const mode = `${stream ? 'streamed' : 'JSON'}, ${connections} connections`;
        const ofBare = against('switchboard proxy', 'bare pass-through');
        const pairedOfBare = fmt(median(roundRatios('switchboard proxy', 'bare pass-through', stream, connections)!) * 100, 1);
        console.log(
          `- ${mode}: proxy throughput = ${ofBare.percent}% of the bare pass-through (median of the rounds' ratios ${pairedOfBare}%); CPU per request ${ofBare.cpu}× the bare's`,
        );
        const ofMinimal = against('switchboard proxy', 'minimal metering');
        const minimalOfBare = against('minimal metering', 'bare pass-through');
        console.log(
          `- ${mode}: proxy throughput = ${ofMinimal.percent}% of the minimal metering pass-through (which is at ${minimalOfBare.percent}% of the bare); CPU per request ${ofMinimal.cpu}× the minimal's`,
        );
        const routeOfProvider = against('switchboard route', 'switchboard proxy');
        console.log(
          `- ${mode}: a route with one healthy target = ${routeOfProvider.percent}% of the provider route's throughput; CPU per request ${routeOfProvider.cpu}×`,
        );
        const ratios = roundRatios('proxy on PostgreSQL', 'switchboard proxy', stream, connections);
        if (ratios) {
          const sorted = [...ratios].sort((a, b) => a - b);
          const first = ratios.filter((_, rep) => teamGoesFirst(rep));
          const second = ratios.filter((_, rep) => !teamGoesFirst(rep));
          console.log(
            `- ${mode}: proxy on PostgreSQL = ${median(ratios).toFixed(2)}× the proxy on SQLite (median of ${ratios.length} rounds' ratios; ${sorted[0]!.toFixed(2)}–${sorted.at(-1)!.toFixed(2)}; ${median(second).toFixed(2)}× in the rounds PostgreSQL went second, ${first.length > 0 ? median(first).toFixed(2) : '—'}× in those it went first)`,
          );
        }
      }
    }
    const d = single.get('direct');
    const b = single.get('bare pass-through');
    const p = single.get('switchboard proxy');
    if (d && b && p) {
      console.log(
        `- one connection, JSON: proxy adds ${(p.json - d.json).toFixed(3)} ms to p50 over direct (bare adds ${(b.json - d.json).toFixed(3)} ms; proxy vs bare ${(p.json - b.json).toFixed(3)} ms)`,
      );
      console.log(
        `- one connection, JSON, time inside the server: proxy ${p.inServer.toFixed(3)} ms, bare ${b.inServer.toFixed(3)} ms (the proxy's own work over the yardstick: ${(p.inServer - b.inServer).toFixed(3)} ms)`,
      );
      console.log(
        `- one connection, streamed: proxy adds ${(p.ttfb - d.ttfb).toFixed(3)} ms to time to first byte over direct (bare adds ${(b.ttfb - d.ttfb).toFixed(3)} ms; proxy vs bare ${(p.ttfb - b.ttfb).toFixed(3)} ms)`,
      );
    }

    if (measureMemory) {
      console.log('\n## Memory under 200 concurrent slow streams (proxy process)\n');
      await memoryUnderStreams(proxy);
    }
    const rows = await proxy.ask<{ count: number }>('rows');
    console.log(`\nUsage rows written by the proxy during the run: ${fmt(rows.count)}`);
    console.log(`Usage rows written by the minimal metering pass-through: ${fmt((await minimal.ask<{ count: number }>('rows')).count)}`);
    if (teamProxy)
      console.log(`Usage rows written by the proxy on PostgreSQL: ${fmt((await teamProxy.ask<{ count: number }>('rows')).count)}`);
    for (const { target, child } of targets)
      if (child) console.log(`RSS after the run, ${target.name}: ${fmt((await child.stats()).memory.rss / 1048576, 1)} MiB`);
  } finally {
    for (const child of [teamProxy, proxy, minimal, bare, upstream]) child?.stop();
    await database?.stop();
  }
}

/**
 * The proxy over HTTP/2 cleartext beside its HTTP/1.1 numbers above, at the same concurrency: one
 * HTTP/2 connection carrying every stream, and four sharing them (the load client's own HTTP/2
 * session work is in this process: one session is also a client-side bound).
 */
async function http2BesideHttp1(proxy: Target, http1: Map<string, LoadResult>): Promise<void> {
  console.log('\n## HTTP/2 beside HTTP/1.1 (switchboard proxy, same port)\n');
  console.log('| protocol | mode | in flight | connections | req/s | p50 ms | p99 ms | errors |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const stream of modes) {
    for (const inFlight of connectionCounts) {
      const mode = stream ? 'stream' : 'json';
      const h1 = http1.get(`${proxy.name}|${stream}|${inFlight}`)!;
      console.log(
        `| HTTP/1.1 | ${mode} | ${inFlight} | ${inFlight} | ${fmt(h1.requestsPerSecond)} | ${h1.p50} | ${h1.p99} | ${h1.errors} |`,
      );
      for (const sessions of [1, 4]) {
        const runs: LoadResult[] = [];
        for (let rep = 0; rep < repeats; rep++) runs.push(await loadHttp2(proxy, stream, sessions, inFlight / sessions, seconds));
        const pick = (f: (r: LoadResult) => number) => median(runs.map(f));
        const errors = runs.reduce((total, run) => total + run.errors, 0);
        console.log(
          `| HTTP/2 | ${mode} | ${inFlight} | ${sessions} | ${fmt(pick((r) => r.requestsPerSecond))} | ${pick((r) => r.p50)} | ${pick((r) => r.p99)} | ${errors} |`,
        );
      }
    }
  }
}

type Single = { json: number; ttfb: number; full: number; inServer: number };

/** One connection, one request at a time: latency, time to first byte and time inside each server. */
async function oneConnection(targets: { target: Target; child: Child | null }[]): Promise<Map<string, Single>> {
  const single = new Map<string, Single>();
  console.log(`\n## One connection (medians of ${serialRepeats} interleaved runs)\n`);
  console.log('| target | JSON response ms | stream first byte ms | stream complete ms | JSON in-server ms |');
  console.log('|---|---:|---:|---:|---:|');
  const singleRuns = new Map<string, Single[]>();
  for (let rep = 0; rep < serialRepeats; rep++) {
    for (const { target, child } of targets) {
      await child?.ask('in-server'); // start the window with this run
      const json = await serial(target, false, serialCount);
      const inServer = child ? (await child.ask<{ ms: number }>('in-server')).ms : NaN;
      const stream = await serial(target, true, serialCount);
      singleRuns.set(target.name, [
        ...(singleRuns.get(target.name) ?? []),
        { json: json.p50, ttfb: stream.ttfb, full: stream.p50, inServer },
      ]);
    }
  }
  for (const { target } of targets) {
    const list = singleRuns.get(target.name)!;
    const pick = (f: (r: Single) => number) => median(list.map(f));
    const result = { json: pick((r) => r.json), ttfb: pick((r) => r.ttfb), full: pick((r) => r.full), inServer: pick((r) => r.inServer) };
    single.set(target.name, result);
    const inServer = Number.isNaN(result.inServer) ? '—' : result.inServer.toFixed(3);
    console.log(`| ${target.name} | ${result.json.toFixed(3)} | ${result.ttfb.toFixed(3)} | ${result.full.toFixed(3)} | ${inServer} |`);
  }
  return single;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function memoryUnderStreams(proxy: Child): Promise<void> {
  const dispatcher = new Agent({ connections: 256 });
  const samples: string[] = [];
  for (let round = 1; round <= 5; round++) {
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        const response = await request(`${proxy.url}/v1/messages`, {
          method: 'POST',
          dispatcher,
          headers: { 'x-api-key': proxy.token!, 'content-type': 'application/json', 'x-fake-chunks': '100', 'x-fake-chunk-delay-ms': '5' },
          body: body(true),
        });
        for await (const _chunk of response.body);
      }),
    );
    const { memory } = await proxy.stats();
    samples.push(`round ${round}: RSS ${fmt(memory.rss / 1048576, 1)} MiB, heap ${fmt(memory.heapUsed / 1048576, 1)} MiB`);
  }
  await dispatcher.close();
  for (const line of samples) console.log(`- ${line}`);
}

/** In every other round the proxy on PostgreSQL goes before the one on SQLite. */
const teamGoesFirst = (rep: number) => rep % 2 === 1;

/** The targets in round `rep`'s order (`teamGoesFirst`). */
function inTurn<T extends { target: Target }>(targets: T[], rep: number): T[] {
  if (!teamGoesFirst(rep)) return targets;
  const sqlite = targets.findIndex(({ target }) => target.name === 'switchboard proxy');
  const team = targets.findIndex(({ target }) => target.name === 'proxy on PostgreSQL');
  if (team === -1) return targets;
  const swapped = [...targets];
  [swapped[sqlite], swapped[team]] = [targets[team]!, targets[sqlite]!];
  return swapped;
}
