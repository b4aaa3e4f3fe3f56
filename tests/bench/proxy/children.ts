import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const script = fileURLToPath(new URL('./servers.ts', import.meta.url));
// Inside the project, so the bundle's package imports resolve from its node_modules; one file per
// run, since checkouts may share node_modules and bench at the same time. A profiled run keeps
// it, so the profile's line numbers can be read against it.
const bundleFile = fileURLToPath(new URL(`../../../node_modules/.cache/switchboard-bench/servers-${process.pid}.mjs`, import.meta.url));
let bundled: Promise<void> | null = null;

/**
 * The servers are bundled as the shipped build is (plain JavaScript, no tsx loader thread, no
 * keep-names helpers in every closure), so the proxy is measured as it runs in production.
 */
function bundleServers(): Promise<void> {
  if (!bundled && !process.env.BENCH_PROFILE) process.once('exit', () => rmSync(bundleFile, { force: true }));
  bundled ??= build({
    entryPoints: [script],
    outfile: bundleFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  }).then(() => undefined);
  return bundled;
}

export interface Child {
  url: string;
  token?: string;
  /** The proxy's route with the same provider as its one healthy target. */
  routeUrl?: string;
  /** CPU (µs) and memory of the child right now. */
  stats(): Promise<{ cpu: NodeJS.CpuUsage; memory: NodeJS.MemoryUsage }>;
  ask<T>(type: string): Promise<T>;
  stop(): void;
}

/**
 * Starts one benchmark server (`upstream`, `bare` or `proxy`, the latter on a team database when
 * `databaseUrl` is given) in its own process.
 * `BENCH_PROFILE=<role>` writes that server's CPU profile to `bench-profiles/` when it stops;
 * `BENCH_YARDSTICK_FLAGS` gives Node flags to the two yardsticks (the bare and the minimal
 * metering servers), e.g. `--no-allocation-site-pretenuring`, which the proxy's process sets itself.
 */
export async function startChild(role: string, upstreamUrl = '', databaseUrl = ''): Promise<Child> {
  await bundleServers();
  const profile = (process.env.BENCH_PROFILE ?? '').split(',').includes(role) ? ['--cpu-prof', '--cpu-prof-dir=bench-profiles'] : [];
  const yardstick = role === 'bare' || role === 'minimal' ? (process.env.BENCH_YARDSTICK_FLAGS ?? '').split(' ').filter(Boolean) : [];
  const child: ChildProcess = fork(bundleFile, [role, upstreamUrl, databaseUrl], {
    execArgv: [...profile, ...yardstick],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const listener = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', listener);
        resolve(message as T);
      };
      child.on('message', listener);
      child.send({ type });
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message: { type: string; url: string; token?: string; routeUrl?: string }) => {
      resolve({
        url: message.url,
        token: message.token,
        routeUrl: message.routeUrl,
        stats: () => ask('stats'),
        ask,
        stop: () => child.kill('SIGTERM'),
      });
    });
  });
}
