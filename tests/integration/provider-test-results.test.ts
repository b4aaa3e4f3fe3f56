import { afterEach, describe, expect, it } from 'vitest';
import { bootCore, type Core } from '../../electron/core/boot';
import { createMemoryLogger } from '../../electron/core/log';
import { cliActor } from '../../electron/core/operations/actor';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import type { ProviderTestResult } from '../../shared/operations';
import { makeTempDir } from '../support/temp-dir';

const temp = makeTempDir();
const open: Core[] = [];
afterEach(() => {
  for (const core of open.splice(0)) core.close();
});

async function boot(): Promise<Core> {
  const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log: createMemoryLogger(), vault: createMemoryVault() });
  open.push(core);
  return core;
}

describe("a provider's last connection test", () => {
  it('is kept across a restart, with its reason in words, and goes with the provider', async () => {
    const first = await boot();
    const down = await first.aiProviders.create(cliActor, {
      name: 'Nowhere',
      provider: 'custom',
      defaultModel: 'm',
      baseUrl: 'http://127.0.0.1:9/v1',
      authMethod: 'byo',
    });
    const tested = (await first.invoke('testAiProvider', { aiProviderId: down.id }, cliActor)) as ProviderTestResult;
    expect(tested).toMatchObject({ ok: false, reachable: false });
    expect(tested.message).toBe('nothing is listening at http://127.0.0.1:9: check the base URL and that the server runs');
    first.close();
    open.length = 0;

    const second = await boot();
    const listed = await second.invoke('listAiProviderTests', { projectId: down.projectId }, cliActor);
    expect(listed).toEqual({ items: [{ aiProviderId: down.id, result: tested }] });

    await second.aiProviders.delete(cliActor, { aiProviderId: down.id });
    expect(await second.invoke('listAiProviderTests', {}, cliActor)).toEqual({ items: [] });
  });
});
