import { describe, expect, it } from 'vitest';
import { readRequestToken } from '../../electron/core/http/request-token';
import { decodeCursor, encodeCursor } from '../../electron/core/db/pagination';

const request = (headers: Record<string, string>) => headers;

describe('reading the presented token', () => {
  it('accepts Bearer, Token and x-api-key, preferring x-api-key', () => {
    expect(readRequestToken(request({ authorization: 'Bearer sb_a' }))).toBe('sb_a');
    expect(readRequestToken(request({ authorization: 'token sb_b' }))).toBe('sb_b');
    expect(readRequestToken(request({ 'x-api-key': ' sb_c ' }))).toBe('sb_c');
    expect(readRequestToken(request({ 'x-api-key': 'sb_c', authorization: 'Bearer sb_a' }))).toBe('sb_c');
  });

  it('finds nothing in other schemes or empty headers', () => {
    expect(readRequestToken(request({}))).toBeNull();
    expect(readRequestToken(request({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeNull();
    expect(readRequestToken(request({ authorization: 'Bearer' }))).toBeNull();
    expect(readRequestToken(request({ 'x-api-key': '   ' }))).toBeNull();
  });
});

describe('page cursors', () => {
  it('round-trip and refuse anything else with a 400 on the cursor field', () => {
    expect(decodeCursor(encodeCursor({ key: '2026-01-01T00:00:00.000Z', id: 'aip_x' }))).toEqual({
      key: '2026-01-01T00:00:00.000Z',
      id: 'aip_x',
    });
    expect(decodeCursor(undefined)).toBeNull();
    for (const bad of ['', 'garbage', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(
        expect.objectContaining({ code: 'validation_failed', details: [expect.objectContaining({ path: 'cursor' })] }),
      );
    }
  });
});
