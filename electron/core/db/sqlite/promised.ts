import { UniqueViolationError } from '../unique-violation';
import type { StatementRunner } from './connection-gate';
import { isUniqueViolation } from './sqlite-errors';

/** A repository interface with each method answering at once instead of as a promise: SQLite's side of it. */
export type Synchronous<R> = {
  [K in keyof R]: R[K] extends (...args: infer A) => Promise<infer T> ? (...args: A) => T : R[K];
};

/**
 * The repository interface over a synchronous implementation: each call runs through `run` (the
 * connection's turn, or a transaction's), and a UNIQUE violation becomes the store-neutral error.
 */
export function promised<R extends object>(sync: Synchronous<R>, run: StatementRunner): R {
  const methods = Object.entries(sync as Record<string, (...args: unknown[]) => unknown>).map(([name, method]) => [
    name,
    (...args: unknown[]) =>
      run(() => {
        try {
          return method(...args);
        } catch (error) {
          throw isUniqueViolation(error) ? new UniqueViolationError(error) : error;
        }
      }),
  ]);
  return Object.fromEntries(methods) as R;
}
