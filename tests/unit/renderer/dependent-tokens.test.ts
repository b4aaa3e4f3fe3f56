import { describe, expect, it } from 'vitest';
import { tokensStoppedBy } from '../../../renderer/src/features/providers/dependent-tokens';
import type { AiProvider, Token } from '../../../shared/operations';

const provider = (id: string, slug: AiProvider['provider']) => ({ id, provider: slug }) as AiProvider;
const token = (name: string, allowedProviders: string[], fields: Partial<Token> = {}) =>
  ({ id: `tok_${name}`, name, kind: 'job', allowedProviders, revokedAt: null, expiresAt: null, ...fields }) as Token;

describe('the tokens a provider deletion stops', () => {
  const llama = provider('aip_llama', 'ollama');
  const claude = provider('aip_claude', 'anthropic');
  const claude2 = provider('aip_claude2', 'anthropic');

  it('names only tokens left with no provider to call', () => {
    const tokens = [
      token('llama only', ['aip_llama']),
      token('llama and claude', ['aip_llama', 'aip_claude']),
      token('any ollama', ['ollama']),
      token('everything', []),
      token('revoked', ['aip_llama'], { revokedAt: '2026-01-01T00:00:00Z' }),
      token('api', [], { kind: 'api' }),
    ];
    expect(tokensStoppedBy(llama, [llama, claude], tokens).map((t) => t.name)).toEqual(['llama only', 'any ollama']);
  });

  it('keeps a slug-wide token working while another provider of that slug remains', () => {
    expect(tokensStoppedBy(claude, [claude, claude2], [token('claude', ['anthropic'])])).toEqual([]);
    expect(tokensStoppedBy(claude, [claude], [token('claude', ['anthropic']), token('all', [])]).map((t) => t.name)).toEqual([
      'claude',
      'all',
    ]);
  });
});
