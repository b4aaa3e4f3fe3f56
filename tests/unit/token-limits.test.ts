import { describe, expect, it } from 'vitest';
import type { Token } from '../../shared/operations/tokens';
import { createEventBus } from '../../electron/core/events';
import { createTokenLimits } from '../../electron/core/proxy/token-limits';

const token = (id: string, limits: Partial<Token['limits']> = {}): Token => ({
  id,
  projectId: 'prj_test',
  name: id,
  kind: 'job',
  prefix: 'sb_test',
  permissions: [],
  allowedProviders: [],
  labels: {},
  limits: { requestsPerMinute: null, inputTokensPerMinute: null, spendCapUsd: null, ...limits },
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const limitsFor = () => createTokenLimits({ events: createEventBus(), loadSpentMicroUsd: () => 0 });
const t0 = Date.UTC(2026, 0, 1, 12, 0, 5);

describe('token limits', () => {
  it('a limit set later counts the requests and input tokens already sent this minute', () => {
    const limits = limitsFor();
    for (let i = 0; i < 3; i++) limits.admit(token('tok_a'), t0 + i);
    limits.noteUsage(token('tok_a'), 500, null, t0 + 3);
    expect(() => limits.admit(token('tok_a', { requestsPerMinute: 3 }), t0 + 4)).toThrow(/limited to 3 requests per minute/);
    expect(() => limits.admit(token('tok_a', { inputTokensPerMinute: 400 }), t0 + 4)).toThrow(/limited to 400 input tokens per minute/);
  });

  it('a refused request does not count toward requests per minute', () => {
    const limits = limitsFor();
    limits.noteUsage(token('tok_b'), 10, null, t0);
    for (let i = 0; i < 5; i++)
      expect(() => limits.admit(token('tok_b', { requestsPerMinute: 2, inputTokensPerMinute: 10 }), t0 + i)).toThrow(/input tokens/);
    // The input limit is lifted: the five refusals used none of the two requests.
    const lifted = token('tok_b', { requestsPerMinute: 2 });
    limits.admit(lifted, t0 + 10);
    limits.admit(lifted, t0 + 11);
    expect(() => limits.admit(lifted, t0 + 12)).toThrow(/limited to 2 requests per minute/);
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
