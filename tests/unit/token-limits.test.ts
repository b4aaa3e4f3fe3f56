import { describe, expect, it } from 'vitest';
import type { Token } from '../../shared/operations/tokens';
import { createTokenLimits } from '../../electron/core/proxy/token-limits';
import { noTokenLimits } from '../../shared/operations/tokens';

const token = (id: string, limits: Partial<Token['limits']> = {}): Token => ({
  id,
  projectId: 'prj_test',
  name: id,
  kind: 'job',
  prefix: 'sb_test',
  permissions: [],
  allowedProviders: [],
  labels: {},
  limits: { ...noTokenLimits, requestsPerMinute: null, inputTokensPerMinute: null, spendCapUsd: null, ...limits },
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const limitsFor = () => createTokenLimits();
const t0 = Date.UTC(2026, 0, 1, 12, 0, 5);

describe('token limits', () => {
  it('a limit set later counts the requests and input tokens already sent this minute', () => {
    const limits = limitsFor();
    for (let i = 0; i < 3; i++) limits.admit(token('tok_a'), t0 + i);
    limits.reserveInput(token('tok_a'), 500, t0 + 3);
    expect(() => limits.admit(token('tok_a', { requestsPerMinute: 3 }), t0 + 4)).toThrow(/limited to 3 requests per minute/);
    expect(() => limits.reserveInput(token('tok_a', { inputTokensPerMinute: 400 }), 1, t0 + 4)).toThrow(
      /limited to 400 input tokens per minute/,
    );
  });

  it('a refused request does not count toward requests per minute', () => {
    const limits = limitsFor();
    const limited = token('tok_b', { requestsPerMinute: 2 });
    limits.admit(limited, t0);
    limits.admit(limited, t0 + 1);
    for (let i = 0; i < 5; i++) expect(() => limits.admit(limited, t0 + 2 + i)).toThrow(/limited to 2 requests per minute/);
    // A minute after the first two, both are out of the window: the five refusals took no room.
    limits.admit(limited, t0 + 61_000);
    limits.admit(limited, t0 + 61_001);
    expect(() => limits.admit(limited, t0 + 61_002)).toThrow(/limited to 2 requests per minute/);
  });

  it('never lets more than the limit through in any 60 s window, across a minute boundary', () => {
    const limits = limitsFor();
    const limited = token('tok_edge', { requestsPerMinute: 10 });
    const minute = Date.UTC(2026, 0, 1, 12, 1, 0);
    for (let i = 0; i < 10; i++) limits.admit(limited, minute - 500 + i); // at :59.5
    // Half a second later, in the next minute: still the same 60 s, so refused, with a wait that reaches past :59.5 + 60 s.
    let refusal: unknown;
    try {
      limits.admit(limited, minute + 500);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
    expect(() => limits.admit(limited, minute + 59_000)).toThrow(/limited to 10 requests per minute/);
    expect(() => limits.admit(limited, minute + 60_000)).not.toThrow();
  });

  it('input tokens per minute are held from the estimate, then settled to what was used', () => {
    const limits = limitsFor();
    const limited = token('tok_in', { inputTokensPerMinute: 100 });
    const first = limits.reserveInput(limited, 60, t0);
    // A second estimate of 60 would pass 100 while the first is in flight.
    expect(() => limits.reserveInput(limited, 60, t0 + 1)).toThrow(/limited to 100 input tokens per minute/);
    limits.settleInput(first, 20, t0 + 2);
    expect(() => limits.reserveInput(limited, 60, t0 + 3)).not.toThrow();
    expect(() => limits.reserveInput(limited, 200, t0 + 4)).toThrow(/this request is estimated at 200/);
  });

  it('input tokens of a request sent under no limit are counted when it ends, so a limit set later sees them', () => {
    const limits = limitsFor();
    limits.countInput('tok_free', 90, t0);
    expect(() => limits.reserveInput(token('tok_free', { inputTokensPerMinute: 100 }), 20, t0 + 1)).toThrow(
      /limited to 100 input tokens per minute/,
    );
    expect(() => limits.reserveInput(token('tok_free', { inputTokensPerMinute: 100 }), 10, t0 + 2)).not.toThrow();
  });

  it('with thousands of job tokens, idle windows are forgotten and busy ones keep their counts', () => {
    const limits = limitsFor();
    const busy = token('tok_busy', { requestsPerMinute: 1 });
    limits.admit(busy, t0);
    for (let i = 0; i < 10_000; i++) limits.admit(token(`tok_job_${i}`), t0);
    // Still within the minute: a full map is swept, but no window is idle, so none is dropped and the busy token stays limited.
    limits.admit(token('tok_new'), t0 + 1000);
    expect(limits.trackedWindows()).toBe(10_002);
    expect(() => limits.admit(busy, t0 + 1000)).toThrow(/limited to 1 request per minute/);
    // Three minutes on, the next new token sweeps every idle window away; only its own is left.
    limits.admit(token('tok_later'), t0 + 180_000);
    expect(limits.trackedWindows()).toBe(1);
    expect(() => limits.admit(busy, t0 + 180_000)).not.toThrow();
    expect(limits.trackedWindows()).toBe(2);
  });
});
