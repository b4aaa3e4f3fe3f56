import type { GatewayList } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { createLoader, idle, type Remote, type SliceCreator } from './slice';

/** The gateways on this store (every CI agent's `serve`, every admin's desktop app) and how recently each was heard from. */
export interface GatewaysSlice {
  gateways: Remote<GatewayList>;
  loadGateways(): Promise<void>;
}

export const createGatewaysSlice =
  (api: ApiClient): SliceCreator<GatewaysSlice> =>
  (set, get) => {
    const load = createLoader(set, get);
    return {
      gateways: idle(),
      loadGateways: () => load('gateways', () => api.call('listGateways', {})),
    };
  };
