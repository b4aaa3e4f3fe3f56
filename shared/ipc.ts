import type { ErrorBody } from './errors';

/** The single IPC channel; the operation name travels as the first argument. */
export const invokeChannel = 'switchboard:invoke';

/** IPC cannot carry error codes in a thrown Error, so results travel as an envelope. */
export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ErrorBody['error'] };

/** The desktop's own channel for Settings → Team database (shared/team-database.ts). */
export const teamDatabaseChannel = 'switchboard:team-database';

/** What the preload exposes as `window.switchboard`. */
export interface SwitchboardBridge {
  invoke(name: string, input: unknown): Promise<IpcResult>;
  /** Desktop only (the admin UI in a browser has no team database settings). */
  teamDatabase?(request: unknown): Promise<IpcResult>;
}
