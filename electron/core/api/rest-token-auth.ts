import type { IncomingMessage } from 'node:http';
import { clientKeyOf, readRequestToken } from '../http/request-token';
import type { Actor } from '../operations/actor';
import type { TokensService } from '../services/tokens-service';

/**
 * `authenticateToken` for the REST API: an `api` token from the request headers becomes its
 * actor. No token → null (401); a bad one throws 401, or 429 once the caller failed too often.
 */
export function createRestTokenAuthenticator(tokens: Pick<TokensService, 'authenticate' | 'actorFor'>) {
  return async (req: IncomingMessage): Promise<Actor | null> => {
    const value = readRequestToken(req.headers);
    if (value === null) return null;
    return tokens.actorFor(await tokens.authenticate(value, 'api', clientKeyOf(req)));
  };
}
