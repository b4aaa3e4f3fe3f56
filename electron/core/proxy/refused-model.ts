import type { IncomingMessage } from 'node:http';
import { ProviderSlug } from '../../../shared/slugs';
import { providers } from '../providers/index';
import type { Exchange } from './exchange';

/** How much of a refused request's body is read to find its model, and for how long. */
export interface RefusedBodyBounds {
  maxBytes: number;
  waitMs: number;
}

export const defaultRefusedBodyBounds: RefusedBodyBounds = { maxBytes: 64 * 1024, waitMs: 1_000 };

/**
 * The model a request refused before its body was read asked for, so its usage row can name it:
 * from the path where the wire format puts it there (through the provider's own module), else from
 * `model` in a JSON body of at most `maxBytes`. An answer that needs more of the body than has
 * arrived is a promise, settled within `waitMs`; null when no model can be found.
 */
export function refusedModel(exchange: Exchange, bounds: RefusedBodyBounds): string | null | Promise<string | null> {
  const slug = exchange.provider?.provider ?? ProviderSlug.safeParse(exchange.providerRef).data;
  const inPath = slug ? (providers[slug].modelInPath?.(exchange.endpoint) ?? null) : null;
  if (inPath) return inPath;
  const method = exchange.req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return null;
  const body = readBodyPrefix(exchange.req, bounds);
  return body instanceof Promise ? body.then(modelInBody) : modelInBody(body);
}

/** `model` of a JSON object body; null for anything else (invalid JSON is not an error here). */
function modelInBody(body: Buffer | null): string | null {
  if (!body || body.length === 0) return null;
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    const model = (value as { model?: unknown } | null)?.model;
    return typeof model === 'string' && model.length > 0 ? model.slice(0, 200) : null;
  } catch {
    return null;
  }
}

/**
 * The whole body when it is at most `maxBytes` and arrives within `waitMs`; null otherwise (or
 * when another reader already took it). What arrived with the headers is answered at once.
 */
function readBodyPrefix(req: IncomingMessage, bounds: RefusedBodyBounds): Buffer | null | Promise<Buffer | null> {
  if (req.readableFlowing !== null || req.readableEnded) return null;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > bounds.maxBytes) return null;
  if (declared === req.readableLength) {
    const buffered = req.read() as Buffer | null;
    req.resume();
    return buffered ?? Buffer.alloc(0);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (body: Buffer | null) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('aborted', onGone);
      resolve(body);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > bounds.maxBytes) done(null);
      else chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks));
    const onGone = () => done(null);
    const timer = setTimeout(onGone, bounds.waitMs);
    timer.unref();
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('aborted', onGone);
  });
}
