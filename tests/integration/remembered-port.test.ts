import { afterEach, expect, it } from 'vitest';
import { bootCore } from '../../electron/core/boot';
import { listenOnStablePort, rememberedPort } from '../../electron/core/config/remembered-port';
import { listen, type Listening } from '../../electron/core/http/listen';
import { createMemoryLogger } from '../../electron/core/log';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import { makeTempDir } from '../support/temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('without an explicit port, the port of the last run is reused; a taken one falls back to a free port, remembered', async () => {
  const temp = makeTempDir();
  const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log: createMemoryLogger(), vault: createMemoryVault() });
  cleanups.push(
    () => temp.cleanup(),
    () => core.close(),
  );
  const start = async (port: number) => {
    const listening = await listen((_req, res) => res.end(), port);
    cleanups.push(() => listening.close(10));
    return listening;
  };
  const blocker: Listening = await start(0);
  // The default is taken → a free port is chosen and remembered.
  const first = await listenOnStablePort(core.store.settings, null, blocker.port, start);
  expect(first.port).not.toBe(blocker.port);
  expect(await rememberedPort(core.store.settings)).toBe(first.port);
  await first.close(10);
  // Next start reuses it.
  const second = await listenOnStablePort(core.store.settings, null, blocker.port, start);
  expect(second.port).toBe(first.port);
  // An explicit port is used as given and not remembered.
  const explicit = await listenOnStablePort(core.store.settings, 0, blocker.port, start);
  expect(explicit.port).not.toBe(second.port);
  expect(await rememberedPort(core.store.settings)).toBe(second.port);
});
