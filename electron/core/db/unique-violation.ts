import { AppError } from '../../../shared/errors';

/** A write a unique constraint refused (a name already taken). Each store maps its driver's error to this. */
export class UniqueViolationError extends Error {
  constructor(cause: unknown) {
    super('A unique constraint refused the write', { cause });
    this.name = 'UniqueViolationError';
  }
}

/** Runs a write; a unique violation becomes a 409 with `message`, anything else is rethrown. */
export async function withUniqueAs409<T>(message: string, details: unknown, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof UniqueViolationError) throw new AppError('conflict', message, details);
    throw error;
  }
}
