import { AppError } from '../../../../shared/errors';

/** True for a UNIQUE constraint violation from better-sqlite3. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Runs a write; a UNIQUE violation becomes a 409 with `message`, anything else is rethrown. */
export function withUniqueAs409<T>(message: string, details: unknown, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', message, details);
    throw error;
  }
}
