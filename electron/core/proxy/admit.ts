import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Route } from '../../../shared/operations/routes';
import type { Token } from '../../../shared/operations/tokens';
import { readRequestToken, sdkKeyHeaders } from '../http/request-token';
import type { TokenLimits } from './token-limits';

export interface AdmitDeps {
  /**
   * The job token for a presented value; throws AppError 401 (or 429 for throttled guessing). The
   * token authenticator is the one owner of the token cache and of its invalidation.
   */
  authenticateJobToken(value: string): Promise<Token> | Token;
  limits: TokenLimits;
}

/**
 * The first stage: who is asking, and may they go on. `token` recognises the caller; `permit`
 * checks the routed provider against the token's allowed providers, then its limits. A budget
 * reservation is one more step at the end of `permit`, settled by the meter.
 */
export function createAdmission(deps: AdmitDeps) {
  return {
    token(headers: IncomingHttpHeaders): Promise<Token> | Token {
      const value = readRequestToken(headers, sdkKeyHeaders, true);
      if (!value)
        throw new AppError(
          'unauthorized',
          'Send your Switchboard job token as x-api-key, Authorization: Bearer or Authorization: Token (AWS clients: as the access key id)',
        );
      return deps.authenticateJobToken(value);
    },
    /**
     * Throws 403 for a provider (or route) the token may not use and 429 when a limit is reached;
     * otherwise counts the request. A token allowed a route may use it whatever its targets are.
     */
    permit(token: Token, aiProvider: AiProvider, route: Route | null, now: number): void {
      const allowed = token.allowedProviders;
      if (allowed.length > 0) {
        if (route && !allowed.includes(route.name)) throw new AppError('forbidden', `Token ${token.name} may not use route ${route.name}`);
        if (!route && !allowed.includes(aiProvider.provider) && !allowed.includes(aiProvider.id))
          throw new AppError('forbidden', `Token ${token.name} may not use AI provider ${aiProvider.name}`);
      }
      deps.limits.admit(token, now);
    },
  };
}
export type Admission = ReturnType<typeof createAdmission>;
