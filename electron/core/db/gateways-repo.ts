/** One gateway's heartbeat as stored: what it says about itself, and when. */
export interface GatewayHeartbeat {
  id: string;
  host: string;
  pid: number;
  version: string;
  store: string;
  baseUrl: string | null;
  startedAt: string;
  lastSeenAt: string;
  requestsPerMinute: number;
}

export interface StoredGateway extends GatewayHeartbeat {
  stoppedAt: string | null;
}

/** The gateways sharing this store, each one row that its own heartbeats keep current. */
export interface GatewaysRepo {
  /** Creates or refreshes the gateway's row; a heartbeat after a stop means it runs again. */
  heartbeat(beat: GatewayHeartbeat): Promise<void>;
  /** Its goodbye on a clean shutdown, so it shows as stopped rather than silent. */
  markStopped(id: string, at: string): Promise<void>;
  /** Most recently seen first. */
  list(): Promise<StoredGateway[]>;
}
