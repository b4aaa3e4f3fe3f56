import type { SecretVault } from './secret-vault';

/** Values in a Map: unit tests only, never chosen by the app. */
export function createMemoryVault(): SecretVault & { size(): number } {
  const values = new Map<string, string>();
  return {
    backend: 'memory',
    description: 'memory',
    warning: 'Secrets are kept in memory only and are lost on exit (test mode).',
    set: async (id, value) => void values.set(id, value),
    get: async (id) => values.get(id) ?? null,
    delete: async (id) => void values.delete(id),
    size: () => values.size,
  };
}
