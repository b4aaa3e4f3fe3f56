import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';

/**
 * Any thrown value as the AppError every adapter (REST, IPC, MCP, proxy, CLI) answers with.
 * Unknown errors become a logged 500 `internal` whose message names nothing of the cause.
 */
export function toAppError(error: unknown, log: Logger): AppError {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : typeof error;
  log.error('unexpected error', { name, message: error instanceof Error ? error.message.slice(0, 300) : undefined });
  return new AppError('internal', 'Internal error; see the Switchboard log.');
}
