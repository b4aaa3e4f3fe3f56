import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/errors';
import { jsonNestsDeeperThan, maxJsonDepth } from '../../../shared/json-depth';
import type { Logger } from '../log';
import type { StreamedText } from '../operations/streamed-text';
import { toAppError } from '../operations/to-app-error';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Any thrown value as a `{ error: { code, message } }` answer; unknown errors are 500 and logged. */
export function sendError(res: ServerResponse, error: unknown, log: Logger): void {
  const appError = toAppError(error, log);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  if (appError.retryAfterSeconds !== undefined) headers['retry-after'] = String(appError.retryAfterSeconds);
  sendJson(res, appError.status, appError.toBody(), headers);
}

/** Reads a request body up to `limitBytes`; larger ones are refused (413) without reading them all. */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  try {
    return Promise.resolve(readBodyNow(req, limitBytes));
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/**
 * `readBody` for hot paths: usually the whole declared body came with the headers and sits parsed
 * in the stream's buffer, and then it is returned at once rather than after the data and end
 * events come round (or as a promise).
 */
export function readBodyNow(req: IncomingMessage, limitBytes: number): Buffer | Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    throw tooLarge(limitBytes);
  }
  if (declared === req.readableLength && req.readableFlowing === null) {
    const buffered = req.read() as Buffer | null;
    req.resume(); // lets the stream end (nothing is left to lose)
    return buffered ?? Buffer.alloc(0);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(limitBytes: number): AppError {
  return new AppError('payload_too_large', `Request body exceeds ${limitBytes} bytes`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict JSON: valid UTF-8, valid JSON, an object at the top, nested at most `maxJsonDepth` deep. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (jsonNestsDeeperThan(body)) throw tooDeep();
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new AppError('bad_request', 'Request body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'Request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('bad_request', 'Request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** The 400 for JSON nested deeper than anything may walk; shared by every place that parses client JSON. */
export function tooDeep(): AppError {
  return new AppError('bad_request', `Request body nests deeper than ${maxJsonDepth} levels`);
}

/** Reads one cookie from the Cookie header. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/**
 * Streams a `StreamedText` answer as a download, waiting for the socket to drain between chunks
 * so memory stays flat. A client that goes away stops the producer (its iterator is closed).
 */
export async function sendStream(res: ServerResponse, status: number, streamed: StreamedText): Promise<void> {
  res.writeHead(status, {
    'content-type': streamed.contentType,
    'content-disposition': `attachment; filename="${streamed.filename.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  for await (const chunk of streamed.chunks()) {
    if (res.destroyed) break;
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
