import { AppError } from '../../../shared/errors';
import { isoNow, type Clock } from '../clock';

/** A stored record as optimistic concurrency sees it: its version is its `updatedAt`. */
interface Versioned {
  id: string;
  updatedAt: string;
}

/**
 * `If-Match` as sent: `"2026-…Z"`, `W/"2026-…Z"` or bare. Quotes and the weak marker are dropped,
 * since the version is compared as a string either way.
 */
export function versionOf(ifMatch: string): string {
  return ifMatch
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

/** The 412 for a write against a version that is no longer stored. */
export function staleWrite(what: string, current: Versioned, ifMatch: string): AppError {
  return new AppError(
    'precondition_failed',
    `${what} was changed by someone else since you read it (now at version ${current.updatedAt}); reload it and apply your change again`,
    { id: current.id, ifMatch: versionOf(ifMatch), currentVersion: current.updatedAt },
  );
}

/** Refuses the write when the caller named a version and it is not the stored one (`*` names any). */
export function assertFresh(what: string, current: Versioned, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const version = versionOf(ifMatch);
  if (version !== '*' && version !== current.updatedAt) throw staleWrite(what, current, ifMatch);
}

/**
 * The `updatedAt` a change stamps: now, but always later than the version it replaces, so two edits
 * within one millisecond (or a clock that stepped back) still leave two distinct versions.
 */
export function nextVersion(clock: Clock, previous: string): string {
  const now = isoNow(clock);
  if (now > previous) return now;
  const after = Date.parse(previous) + 1;
  return Number.isNaN(after) ? now : new Date(after).toISOString();
}
