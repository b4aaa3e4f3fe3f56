/**
 * How fast the store answers the proxy's per-request questions: token authentication (cache hit
 * and miss) and provider resolution. Run on demand: `node --import tsx tests/bench/store-auth.ts`.
 */
import { bootCore } from '../../electron/core/boot';
import { createMemoryLogger } from '../../electron/core/log';
import { cliActor } from '../../electron/core/operations/actor';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import { makeTempDir } from '../support/temp-dir';

function measure(name: string, iterations: number, work: (i: number) => void): void {
  for (let i = 0; i < Math.min(1000, iterations); i++) work(i); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) work(i);
  const ns = Number(process.hrtime.bigint() - started);
  console.log(`${name.padEnd(42)} ${(ns / iterations / 1000).toFixed(2).padStart(8)} µs/op  ${Math.round(iterations / (ns / 1e9)).toLocaleString('en').padStart(12)} ops/s`);
}

const temp = makeTempDir();
const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log: createMemoryLogger('warn'), vault: createMemoryVault() });
try {
  const limits = { requestsPerMinute: null, inputTokensPerMinute: null, spendCapUsd: null };
  const values = Array.from({ length: 200 }, (_, i) =>
    core.tokens.create(cliActor, { name: `bench ${i}`, kind: 'job', permissions: [], allowedProviders: [], labels: {}, limits }).value,
  );
  const provider = await core.aiProviders.create(cliActor, { name: 'bench', provider: 'anthropic', defaultModel: 'claude', authMethod: 'byo' });
  const projectId = provider.projectId;

  measure('authenticate (cached, 200 tokens)', 200_000, (i) => core.tokens.authenticate(values[i % values.length]!, 'job'));
  measure('authenticate (unknown token → 401)', 20_000, () => {
    try {
      core.tokens.authenticate('sb_' + 'x'.repeat(43), 'job', `bench-${Math.random()}`);
    } catch {
      // expected
    }
  });
  measure('resolveForProxy (slug)', 200_000, () => core.aiProviders.resolveForProxy(projectId, 'anthropic'));
  measure('resolveForProxy (aip_ id)', 200_000, () => core.aiProviders.resolveForProxy(projectId, provider.id));
  const flushStarted = performance.now();
  core.tokens.flushLastUsed();
  console.log(`flush lastUsedAt for ${values.length} tokens: ${(performance.now() - flushStarted).toFixed(2)} ms`);
} finally {
  core.close();
  temp.cleanup();
}
