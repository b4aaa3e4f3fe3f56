import { describe, expect, it } from 'vitest';
import { expiryFrom, labelsFrom, numberOrNull } from '../../electron/core/cli/cli-args';
import { UsageError } from '../../electron/core/cli/usage-error';

describe('command-line argument helpers', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');

  it('turns durations into expiry times', () => {
    expect(expiryFrom('30d', now)).toBe('2026-01-31T00:00:00.000Z');
    expect(expiryFrom('12h', now)).toBe('2026-01-01T12:00:00.000Z');
    expect(expiryFrom('90m', now)).toBe('2026-01-01T01:30:00.000Z');
    expect(expiryFrom('2w', now)).toBe('2026-01-15T00:00:00.000Z');
    for (const bad of ['0d', '5y', 'd', '-1d', '1.5d', '']) expect(() => expiryFrom(bad, now)).toThrow(UsageError);
  });

  it('parses key=value labels, keeping = in values', () => {
    expect(labelsFrom(['pipeline=web', 'query=a=b'])).toEqual({ pipeline: 'web', query: 'a=b' });
    expect(() => labelsFrom(['novalue'])).toThrow(UsageError);
    expect(() => labelsFrom(['=x'])).toThrow(UsageError);
  });

  it('parses numbers or leaves them null', () => {
    expect(numberOrNull(undefined, '--rpm')).toBeNull();
    expect(numberOrNull('2.5', '--spend-cap')).toBe(2.5);
    expect(() => numberOrNull('lots', '--rpm')).toThrow(UsageError);
    expect(() => numberOrNull('', '--rpm')).toThrow(UsageError);
  });
});
