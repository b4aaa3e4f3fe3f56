import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { operations, type OperationName } from '../../../shared/operations';

/** Operations whose input takes `ifMatch`: the updates that refuse a stale write. */
function takesIfMatch(name: OperationName): boolean {
  const input = operations[name].input;
  return input instanceof z.ZodObject && 'ifMatch' in input.shape;
}

/**
 * The `If-Match` header, as the `ifMatch` input of an operation that takes one (a body field of the
 * same name yields to the header). Elsewhere the header is ignored, as HTTP allows.
 */
export function withIfMatch(name: OperationName, req: IncomingMessage, input: Record<string, unknown>): Record<string, unknown> {
  const header = req.headers['if-match'];
  if (header === undefined || !takesIfMatch(name)) return input;
  return { ...input, ifMatch: header };
}

/** A single record's version (`updatedAt`) as its `ETag`, for the next `If-Match`. */
export function setEtag(res: ServerResponse, output: unknown): void {
  if (typeof output !== 'object' || output === null) return;
  const version = (output as { updatedAt?: unknown }).updatedAt;
  if (typeof version === 'string') res.setHeader('etag', `"${version}"`);
}
