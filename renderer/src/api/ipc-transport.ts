import type { SwitchboardBridge } from '../../../shared/ipc';
import { ApiError } from './api-error';
import type { Transport } from './transport';

/** The desktop app: calls go through the preload's `window.switchboard.invoke`. */
export function createIpcTransport(bridge: SwitchboardBridge): Transport {
  return {
    kind: 'ipc',
    async call(name, input) {
      const result = await bridge.invoke(name, input);
      if (!result.ok) throw ApiError.from(result.error);
      return result.value;
    },
  };
}
