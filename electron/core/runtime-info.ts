import type { SystemStatus } from '../../shared/operations';

/** Facts about this running instance that services report but do not own. */
export interface RuntimeInfo {
  version: string;
  mode: SystemStatus['mode'];
  dataDir: string;
  startedAt: string;
  /** Set once the local server listens, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string | null;
}
