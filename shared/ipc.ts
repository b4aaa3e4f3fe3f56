import type { ErrorBody } from './errors';

/** The single IPC channel; the operation name travels as the first argument. */
export const invokeChannel = 'switchboard:invoke';

/** IPC cannot carry error codes in a thrown Error, so results travel as an envelope. */
export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ErrorBody['error'] };

/** What the preload exposes as `window.switchboard`. */
export interface SwitchboardBridge {
  invoke(name: string, input: unknown): Promise<IpcResult>;
}
