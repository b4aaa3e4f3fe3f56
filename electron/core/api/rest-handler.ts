import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/errors';
import { restBasePath } from '../../../shared/paths';
import type { Logger } from '../log';
import type { Actor } from '../operations/actor';
import type { InvokeOperation } from '../operations/invoke-operation';
import { parseJsonObject, readBody, sendError, sendJson, sendStream } from '../http/http-io';
import { StreamedText } from '../operations/streamed-text';
import { setEtag, withIfMatch } from './rest-preconditions';
import { compileRestRoutes, matchRestRoute, queryToObject } from './rest-routes';

const defaultBodyLimitBytes = 1024 * 1024;

export interface RestHandlerOptions {
  invoke: InvokeOperation;
  /** Who is calling (admin session, API token), or null for an anonymous request (401). */
  authenticate(req: IncomingMessage): Promise<Actor | null> | Actor | null;
  log: Logger;
  bodyLimitBytes?: number;
}

/** `/api/v1/*`: the operation contract over HTTP. Input = path params + query (GET, DELETE) or JSON body. */
export function createRestHandler(options: RestHandlerOptions) {
  const routes = compileRestRoutes();
  const bodyLimit = options.bodyLimitBytes ?? defaultBodyLimitBytes;
  return async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      const path = url.pathname.slice(restBasePath.length) || '/';
      const match = matchRestRoute(routes, req.method ?? 'GET', path);
      if (match.kind === 'none') throw new AppError('not_found', `No API route ${req.method} ${url.pathname.slice(0, 200)}`);
      if (match.kind === 'wrong-method') {
        res.setHeader('allow', match.allowed.join(', '));
        throw new AppError('method_not_allowed', `Use ${match.allowed.join(' or ')} for ${url.pathname.slice(0, 200)}`);
      }
      const actor = await options.authenticate(req);
      if (!actor)
        throw new AppError('unauthorized', 'Sign in through the admin UI or send a Switchboard API token (Authorization: Bearer sb_…)');
      const input = withIfMatch(match.route.name, req, await readInput(req, url, match.route.method, bodyLimit));
      const output = await options.invoke(match.route.name, { ...input, ...match.params }, actor, { acceptStream: true });
      if (output instanceof StreamedText) await sendStream(res, match.route.successStatus, output);
      else {
        setEtag(res, output);
        sendJson(res, match.route.successStatus, output);
      }
    } catch (error) {
      sendError(res, error, options.log);
    }
  };
}

async function readInput(req: IncomingMessage, url: URL, method: string, bodyLimit: number): Promise<Record<string, unknown>> {
  if (method === 'GET' || method === 'DELETE') {
    req.resume();
    return queryToObject(url.searchParams);
  }
  const body = await readBody(req, bodyLimit);
  const type = req.headers['content-type'] ?? '';
  if (body.length > 0 && !/^application\/json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the request body as application/json');
  }
  return parseJsonObject(body);
}
