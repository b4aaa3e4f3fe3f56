import type { OperationInput, OperationOutput, Token } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { createLoader, idle, type Remote, type SliceCreator } from './slice';

export type IssuedToken = OperationOutput<'createToken'>;

/** Tokens of the current project. A newly issued token's value lives here until dismissed, never persisted. */
export interface TokensSlice {
  tokens: Remote<Token[]>;
  issuedToken: IssuedToken | null;
  loadTokens(): Promise<void>;
  issueToken(input: OperationInput<'createToken'>): Promise<IssuedToken>;
  dismissIssuedToken(): void;
  revokeToken(tokenId: string): Promise<void>;
  updateToken(input: OperationInput<'updateToken'>): Promise<Token>;
}

export const createTokensSlice =
  (api: ApiClient): SliceCreator<TokensSlice> =>
  (set, get) => {
    const load = createLoader(set, get);
    return {
      tokens: idle(),
      issuedToken: null,
      loadTokens: () =>
        load(
          'tokens',
          async () =>
            (await api.call('listTokens', { projectId: get().currentProjectId ?? undefined, includeRevoked: true, limit: 500 })).items,
        ),
      async issueToken(input) {
        const issued = await api.call('createToken', { ...input, projectId: get().currentProjectId ?? undefined });
        set({ issuedToken: issued });
        await get().loadTokens();
        return issued;
      },
      dismissIssuedToken() {
        set({ issuedToken: null });
      },
      async updateToken(input) {
        const token = await api.call('updateToken', input);
        await get().loadTokens();
        return token;
      },
      async revokeToken(tokenId) {
        await api.call('revokeToken', { tokenId });
        await get().loadTokens();
      },
    };
  };
