import { describe, expect, it } from 'vitest';
import type { AiProvider } from '../../shared/operations/ai-providers';
import { createEventBus } from '../../electron/core/events';
import { createProxyLookups } from '../../electron/core/proxy/proxy-lookups';

/** A store whose provider reads the test answers by hand, counting them. */
function slowStore() {
  const waiting: ((provider: AiProvider) => void)[] = [];
  let changed: () => void = () => undefined;
  return {
    waiting,
    notifyChange: () => changed(),
    deps: {
      events: createEventBus(),
      resolveProvider: () => new Promise<AiProvider>((resolve) => waiting.push(resolve)),
      readSecret: async () => 'sk',
      budgetsOf: async () => [],
      findRoute: async () => null,
      onStoreChange: (listener: () => void) => {
        changed = listener;
        return () => undefined;
      },
    },
  };
}

const provider = (name: string) => ({ id: 'aip_1', name }) as AiProvider;

describe('proxy lookups', () => {
  it('sends one store read for the requests that miss together, and a new one after a change notice', async () => {
    const store = slowStore();
    const lookups = createProxyLookups(store.deps, { lookupCacheMs: 1000, secretCacheMs: 1000 });
    const together = [1, 2, 3].map(() => lookups.provider('prj_1', 'anthropic', 0));
    expect(store.waiting).toHaveLength(1);

    store.notifyChange();
    const after = lookups.provider('prj_1', 'anthropic', 0);
    expect(store.waiting).toHaveLength(2);

    store.waiting[0]!(provider('before'));
    store.waiting[1]!(provider('after'));
    expect((await Promise.all(together)).map((p) => p.name)).toEqual(['before', 'before', 'before']);
    expect((await after).name).toBe('after');
    expect(lookups.provider('prj_1', 'anthropic', 1)).toMatchObject({ name: 'after' });
  });
});
