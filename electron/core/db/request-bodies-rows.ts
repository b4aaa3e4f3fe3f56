import type { CapturedBody } from '../../../shared/operations';
import type { CapturedBodiesRow } from './request-bodies-repo';

/** A `request_bodies` row as either store reads it: SQLite keeps the flags as 0/1, PostgreSQL as booleans. */
export interface RequestBodiesRecord {
  request_id: string;
  project_id: string;
  at: string;
  expires_at: string;
  request_body: string | null;
  request_truncated: boolean | number;
  request_bytes: number;
  response_body: string | null;
  response_truncated: boolean | number;
  response_bytes: number;
}

const side = (text: string | null, truncated: boolean | number, bytes: number): CapturedBody | null =>
  text === null ? null : { text, truncated: Boolean(truncated), bytes };

/** One request's captured bodies, as the repositories of both stores answer them. */
export function capturedBodiesOf(row: RequestBodiesRecord): CapturedBodiesRow {
  return {
    requestId: row.request_id,
    projectId: row.project_id,
    at: row.at,
    expiresAt: row.expires_at,
    request: side(row.request_body, row.request_truncated, row.request_bytes),
    response: side(row.response_body, row.response_truncated, row.response_bytes),
  };
}
