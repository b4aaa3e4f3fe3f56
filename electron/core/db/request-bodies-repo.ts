import type { RequestBodies } from '../../../shared/operations';

/** A captured pair as the proxy hands it over: redacted and bounded already. */
export type CapturedBodiesRow = RequestBodies;

/** Projects' choice to keep bodies, and the bodies kept. */
export interface RequestBodiesRepo {
  /** Every project that keeps bodies, with its days. */
  captureDays(): Promise<Map<string, number>>;
  /** Keeps bodies of `projectId` for `days`; null stops capturing (what was kept stays until it expires). */
  setCapture(projectId: string, days: number | null): Promise<void>;
  append(rows: readonly CapturedBodiesRow[]): Promise<void>;
  get(requestId: string): Promise<CapturedBodiesRow | null>;
  /** Deletes up to `limit` pairs that expired before `now`; resolves to how many. */
  pruneExpired(now: string, limit: number): Promise<number>;
}
