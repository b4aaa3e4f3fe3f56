import { expect, it } from 'vitest';
import { plainRequestTarget } from '../../electron/core/http/request-target';

const parsed = (target: string) => new URL(target, 'http://127.0.0.1');

it('splits a plain request target as the URL parser would: the same path and query parameters', () => {
  for (const target of [
    '/v3/ai/anthropic/v1/messages',
    '/v3/ai/openai/v1/chat/completions?',
    '/v3/ai/google/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse&key=abc',
    '/v3/ai/azure/openai/deployments/gpt-4.1/chat/completions?api-version=2024-10-21',
    '/v3/ai/my-route/v1/messages?a=1&a=2&b=%20c+d&e=?f',
    '/v3/ai/x/a!$&()*+,;=:@-._~/b',
    '/',
  ]) {
    const plain = plainRequestTarget(target);
    expect(plain, target).not.toBeNull();
    const url = parsed(target);
    expect(plain!.pathname).toBe(url.pathname);
    expect([...plain!.searchParams]).toEqual([...url.searchParams]);
  }
});

it('leaves to the URL parser any target it would rewrite: dot segments, escapes, a host, spaces and the like', () => {
  for (const target of [
    '/v3/ai/anthropic/../admin',
    '/v3/ai/anthropic/./v1',
    '/v3/ai/anthropic/%2e%2e/admin',
    '/v3/ai/anthropic/.%2E/admin',
    '/v3/ai/anthropic/v1\\..\\admin',
    '//evil.example/v3/ai/anthropic',
    'http://127.0.0.1/v3/ai/anthropic',
    '/v3/ai/anthropic/v1 messages',
    '/v3/ai/anthropic/v1/é',
    '/v3/ai/anthropic/v1/messages#part',
    "/v3/ai/anthropic/v1/messages?q='x'",
    '/v3/ai/anthropic/v1/{model}',
    '*',
  ])
    expect(plainRequestTarget(target), target).toBeNull();
});

it('gives each request its own query parameters: the proxy drops `key` from them', () => {
  const plain = plainRequestTarget('/v3/ai/google/v1beta/models?key=secret&alt=json')!;
  plain.searchParams.delete('key');
  expect(plain.searchParams.toString()).toBe('alt=json');
  expect(plainRequestTarget('/v3/ai/google/v1beta/models?key=secret&alt=json')!.searchParams.get('key')).toBe('secret');
});
