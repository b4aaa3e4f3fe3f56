import type { OperationInput, OperationName, OperationOutput } from '../../../shared/operations';
import type { SwitchboardBridge } from '../../../shared/ipc';
import { createHttpTransport } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import type { Transport } from './transport';

/** The renderer's one door to the core, typed by the shared operation contract. */
export interface ApiClient {
  readonly transport: Transport['kind'];
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationOutput<N>>;
  /** A same-origin URL that answers a GET operation (a streamed download), or null over IPC. */
  urlOf<N extends OperationName>(name: N, input: OperationInput<N>): string | null;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    transport: transport.kind,
    call: (name, input) => transport.call(name, input) as never,
    urlOf: (name, input) => transport.urlOf?.(name, input) ?? null,
  };
}

/** IPC inside the desktop app (the preload defines `window.switchboard`), HTTP everywhere else. */
export function createDefaultApiClient(): ApiClient {
  const bridge = (globalThis as { switchboard?: SwitchboardBridge }).switchboard;
  return createApiClient(bridge ? createIpcTransport(bridge) : createHttpTransport());
}
