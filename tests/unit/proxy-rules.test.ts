import { describe, expect, it } from 'vitest';
import { liftSystemMessages } from '../../electron/core/providers/anthropic/lift-system';
import { joinUpstreamUrl } from '../../electron/core/providers/upstream-url';
import { readRequestToken, sdkKeyHeaders } from '../../electron/core/http/request-token';
import { parseProxyPath } from '../../electron/core/proxy/route-path';
import { createPriceTable, normaliseModelName } from '../../electron/core/usage/price-table';

describe('Anthropic system-message lifting', () => {
  it('moves leading system messages into `system`, joining text', () => {
    const body: Record<string, unknown> = {
      system: 'Be brief.',
      messages: [
        { role: 'system', content: 'You review CI logs.' },
        { role: 'user', content: 'hi' },
      ],
    };
    expect(liftSystemMessages(body)).toBe(true);
    expect(body).toEqual({ system: 'Be brief.\n\nYou review CI logs.', messages: [{ role: 'user', content: 'hi' }] });
  });
  it('keeps block form when blocks carry more than text (cache_control)', () => {
    const block = { type: 'text', text: 'Long context', cache_control: { type: 'ephemeral' } };
    const body: Record<string, unknown> = {
      messages: [
        { role: 'system', content: [block] },
        { role: 'user', content: 'hi' },
      ],
    };
    liftSystemMessages(body);
    expect(body.system).toEqual([block]);
  });
  it('refuses null blocks and non-text shapes with the path of the bad field, before changing the body', () => {
    const lifting = (body: Record<string, unknown>) => () => liftSystemMessages(body);
    expect(lifting({ system: [null], messages: [{ role: 'system', content: 'x' }] })).toThrow(
      /^system\[0\] must be a content block object/,
    );
    expect(lifting({ messages: [{ role: 'user', content: 'x' }], system: [null] })).not.toThrow();
    expect(
      lifting({
        messages: [
          { role: 'system', content: 'x' },
          { role: 'system', content: [null] },
        ],
      }),
    ).toThrow(/^messages\[1\]\.content\[0\] must be/);
    expect(lifting({ messages: [{ role: 'system', content: 42 }] })).toThrow(/^messages\[0\]\.content must be a string or an array/);
    const body = { system: { text: 'x' }, messages: [{ role: 'system', content: 'y' }] };
    expect(lifting(body)).toThrow(/^system must be/);
    expect(body.messages).toHaveLength(1);
  });
  it('keeps existing non-text system blocks as blocks', () => {
    const image = { type: 'image', source: 'x' };
    const body: Record<string, unknown> = {
      system: [image],
      messages: [
        { role: 'system', content: 'Look.' },
        { role: 'user', content: 'hi' },
      ],
    };
    liftSystemMessages(body);
    expect(body.system).toEqual([image, { type: 'text', text: 'Look.' }]);
  });
  it('leaves bodies without leading system messages alone', () => {
    const body = {
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'late' },
      ],
    };
    expect(liftSystemMessages(body)).toBe(false);
  });
});

describe('paths, URLs and credentials', () => {
  it('splits provider routes', () => {
    expect(parseProxyPath('/v3/ai/anthropic/v1/messages')).toEqual({ providerRef: 'anthropic', upstreamPath: '/v1/messages' });
    expect(parseProxyPath('/v3/ai/aip_123/v1/models')).toEqual({ providerRef: 'aip_123', upstreamPath: '/v1/models' });
    expect(parseProxyPath('/v3/other')).toBeNull();
  });
  it('joins a base with a version segment without doubling it, and never changes the host', () => {
    expect(joinUpstreamUrl(new URL('https://h.example/v1'), '/v1/chat/completions').href).toBe('https://h.example/v1/chat/completions');
    expect(joinUpstreamUrl(new URL('https://api.groq.com/openai'), '/v1/chat/completions').href).toBe(
      'https://api.groq.com/openai/v1/chat/completions',
    );
    expect(joinUpstreamUrl(new URL('https://h.example'), '/@evil.example/x').host).toBe('h.example');
  });
  it('reads the job token from x-api-key, Bearer, Token, x-goog-api-key or api-key', () => {
    expect(readRequestToken({ 'x-api-key': 'a' }, sdkKeyHeaders)).toBe('a');
    expect(readRequestToken({ authorization: 'Bearer b' }, sdkKeyHeaders)).toBe('b');
    expect(readRequestToken({ authorization: 'Token c' }, sdkKeyHeaders)).toBe('c');
    expect(readRequestToken({ authorization: 'Basic d' }, sdkKeyHeaders)).toBeNull();
    expect(readRequestToken({ 'x-goog-api-key': 'e' }, sdkKeyHeaders)).toBe('e');
    expect(readRequestToken({ 'api-key': 'f' }, sdkKeyHeaders)).toBe('f');
    expect(readRequestToken({}, sdkKeyHeaders)).toBeNull();
  });
});

describe('price table', () => {
  const prices = createPriceTable();
  it('prices dated snapshots and hosted ids in integer micro-dollars', () => {
    expect(normaliseModelName('us.anthropic.claude-sonnet-4-20250514-v1:0')).toBe('claude-sonnet-4-20250514');
    const counts = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 };
    expect(prices.costMicroUsd('anthropic', 'claude-sonnet-4-5-20250929', counts)).toBe(3_000_000 + 15_000_000 + 300_000 + 3_750_000);
    expect(prices.costMicroUsd('openai', 'gpt-4o-mini-2024-07-18', { ...counts, cacheWriteTokens: 0 })).toBe(150_000 + 600_000 + 75_000);
    expect(
      prices.costMicroUsd('openai', 'gpt-4o-2024-08-06', { inputTokens: 1, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }),
    ).toBe(3);
  });
  it("a variant or newer version is never charged a sibling's price: its own, or null", () => {
    const million = { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(prices.costMicroUsd('openai', 'gpt-5-pro-2025-10-06', million)).toBe(15_000_000);
    expect(prices.costMicroUsd('openai', 'gpt-5-2025-08-07', million)).toBe(1_250_000);
    expect(prices.costMicroUsd('anthropic', 'claude-opus-4-6', million)).toBe(5_000_000);
    expect(prices.costMicroUsd('anthropic', 'claude-opus-4-20250514', million)).toBe(15_000_000);
    expect(prices.costMicroUsd('xai', 'grok-4-0709', million)).toBe(3_000_000);
    expect(prices.costMicroUsd('xai', 'grok-4-fast-reasoning', million)).toBe(200_000);
    expect(prices.costMicroUsd('xai', 'grok-4-fast-experimental', million)).toBeNull();
    expect(prices.costMicroUsd('anthropic', 'claude-opus-4-9', million)).toBeNull();
    expect(prices.costMicroUsd('google', 'models/gemini-2.0-flash-001', million)).toBe(100_000);
    expect(prices.costMicroUsd('google', 'gemini-2.5-flash-preview-09-2025', million)).toBeNull();
  });
  it('an unknown model costs null (flagged), never 0; nothing used costs 0; Ollama is free', () => {
    const some = { inputTokens: 10, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(prices.costMicroUsd('custom', 'my-finetune', some)).toBeNull();
    expect(prices.costMicroUsd('custom', null, some)).toBeNull();
    expect(prices.costMicroUsd('custom', 'my-finetune', { ...some, inputTokens: 0, outputTokens: 0 })).toBe(0);
    expect(prices.costMicroUsd('ollama', 'llama3.2', some)).toBe(0);
    expect(prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
