import type { ErrorBody, ErrorCode } from '../../../shared/errors';

/** An error answer from Switchboard, whichever transport carried it. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(body: ErrorBody['error']): ApiError {
    return new ApiError(body.code, body.message, body.details);
  }
}
