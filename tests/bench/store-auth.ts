/**
 * How fast the store answers the proxy's per-request questions: token authentication (cache hit
 * and miss) and provider resolution. Run on demand: `node --import tsx tests/bench/store-auth.ts`.
 */
import { bootCore } from '../../electron/core/boot';
import { createMemoryLogger } from '../../electron/core/log';
import { cliActor } from '../../electron/core/operations/actor';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import { makeTempDir } from '../support/temp-dir';
import { noTokenLimits } from '../../shared/operations/tokens';

/** Awaits only what answers as a promise, so a synchronous cache hit is timed as one. */
async function measure(name: string, iterations: number, work: (i: number) => unknown): Promise<void> {
  const run = async (i: number) => {
    const result = work(i);
    if (result instanceof Promise) await result;
  };
  for (let i = 0; i < Math.min(1000, iterations); i++) await run(i); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await run(i);
  const ns = Number(process.hrtime.bigint() - started);
  console.log(
    `${name.padEnd(42)} ${(ns / iterations / 1000).toFixed(2).padStart(8)} µs/op  ${Math.round(iterations / (ns / 1e9))
      .toLocaleString('en')
      .padStart(12)} ops/s`,
  );
}

const temp = makeTempDir();
const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log: createMemoryLogger('warn'), vault: createMemoryVault() });
try {
  const limits = { ...noTokenLimits, requestsPerMinute: null, inputTokensPerMinute: null, spendCapUsd: null };
  const values: string[] = [];
  for (let i = 0; i < 200; i++) {
    values.push(
      (await core.tokens.create(cliActor, { name: `bench ${i}`, kind: 'job', permissions: [], allowedProviders: [], labels: {}, limits }))
        .value,
    );
  }
  const provider = await core.aiProviders.create(cliActor, {
    name: 'bench',
    provider: 'anthropic',
    defaultModel: 'claude',
    authMethod: 'byo',
  });
  const projectId = provider.projectId;

  await measure('authenticate (cached, 200 tokens)', 200_000, (i) => core.tokens.authenticate(values[i % values.length]!, 'job'));
  await measure(
    'authenticate (unknown token → 401)',
    20_000,
    () =>
      Promise.resolve()
        .then(() => core.tokens.authenticate('sb_' + 'x'.repeat(43), 'job', `bench-${Math.random()}`))
        .catch(() => undefined), // expected
  );
  await measure('resolveForProxy (slug)', 200_000, () => core.aiProviders.resolveForProxy(projectId, 'anthropic'));
  await measure('resolveForProxy (aip_ id)', 200_000, () => core.aiProviders.resolveForProxy(projectId, provider.id));
  const flushStarted = performance.now();
  await core.tokens.flushLastUsed();
  console.log(`flush lastUsedAt for ${values.length} tokens: ${(performance.now() - flushStarted).toFixed(2)} ms`);
} finally {
  core.close();
  temp.cleanup();
}
