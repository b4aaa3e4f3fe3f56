import type { OperationInput, OperationName, OperationOutput } from '../../../shared/operations';
import { ApiError } from '../../../renderer/src/api/api-error';
import type { ApiClient } from '../../../renderer/src/api/client';

type Handlers = { [N in OperationName]?: (input: OperationInput<N>) => OperationOutput<N> | Promise<OperationOutput<N>> };

/** An api client answering from handlers and recording every call, for store and component tests. */
export function createFakeApi(handlers: Handlers) {
  const calls: Array<{ name: OperationName; input: unknown }> = [];
  const api: ApiClient = {
    transport: 'http',
    async call(name, input) {
      calls.push({ name, input });
      const handler = handlers[name] as ((input: unknown) => unknown) | undefined;
      if (!handler) throw new ApiError('not_found', `no fake for ${name}`);
      return (await handler(input)) as never;
    },
    urlOf: () => null,
  };
  return { api, calls, namesCalled: () => calls.map((c) => c.name) };
}

/** Storage for persisted preferences that the test can read back. */
export function createMemoryStorage() {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

export const now = new Date('2026-03-15T12:00:00Z');
export const project = {
  id: 'prj_0000000000000000default',
  name: 'Default',
  isDefault: true,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
};
export const otherProject = { ...project, id: 'prj_000000000000000000other', name: 'Other', isDefault: false };
