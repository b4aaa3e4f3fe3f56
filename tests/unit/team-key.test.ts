import { describe, expect, it } from 'vitest';
import { findTeamKey } from '../../electron/core/secrets/team-key-source';
import { generateTeamKey, openSecret, parseTeamKey, rewrapDataKey, sealSecret } from '../../electron/core/secrets/team-key';

const team = { host: 'db.example.com', port: 5432, database: 'switchboard' };

describe('the team key', () => {
  it('is sbtk_ and 256 random bits in base64url, parsed back into a wrapping key and a key check', () => {
    const text = generateTeamKey();
    expect(text).toMatch(/^sbtk_[A-Za-z0-9_-]{43}$/);
    expect(generateTeamKey()).not.toBe(text);
    const key = parseTeamKey(`  ${text}\n`)!;
    expect(key.check).toHaveLength(32);
    // The stored check is derived apart from the wrapping key: knowing it opens nothing.
    expect(key.check.equals(key.wrappingKey)).toBe(false);
    expect(parseTeamKey(text)!.check.equals(key.check)).toBe(true);
  });

  it('refuses text that is not a team key', () => {
    for (const text of [
      '',
      'sbtk_',
      `sbtk_${'A'.repeat(42)}`,
      `sbtk_${'A'.repeat(44)}`,
      `sk-${'A'.repeat(43)}`,
      `sbtk_${'!'.repeat(43)}`,
    ]) {
      expect(parseTeamKey(text), text).toBeNull();
    }
  });

  it('seals a value under a fresh data key, opens it only with the same key and the same secret id', () => {
    const key = parseTeamKey(generateTeamKey())!;
    const sealed = sealSecret(key, 'sec_1', 'sk-canary-unit');
    expect(openSecret(key, sealed)).toBe('sk-canary-unit');
    expect(openSecret(parseTeamKey(generateTeamKey())!, sealed)).toBeNull();
    expect(openSecret(key, { ...sealed, secretId: 'sec_2' })).toBeNull();
    const flipped = Buffer.from(sealed.sealedValue);
    flipped[flipped.length - 1]! ^= 1;
    expect(openSecret(key, { ...sealed, sealedValue: flipped })).toBeNull();
    expect(sealSecret(key, 'sec_1', 'sk-canary-unit').wrappedKey.equals(sealed.wrappedKey)).toBe(false);
  });

  it('re-wraps a data key for a new team key, leaving the sealed value as it is', () => {
    const old = parseTeamKey(generateTeamKey())!;
    const next = parseTeamKey(generateTeamKey())!;
    const sealed = sealSecret(old, 'sec_1', 'sk-canary-unit');
    const wrappedKey = rewrapDataKey(old, next, 'sec_1', sealed.wrappedKey)!;
    expect(openSecret(next, { ...sealed, wrappedKey })).toBe('sk-canary-unit');
    expect(openSecret(old, { ...sealed, wrappedKey })).toBeNull();
    expect(rewrapDataKey(next, old, 'sec_1', sealed.wrappedKey)).toBeNull();
  });

  it('comes from SWITCHBOARD_TEAM_KEY first; a malformed one is an error, never "not joined"', async () => {
    const text = generateTeamKey();
    const found = await findTeamKey(team, text);
    expect(found).toMatchObject({ source: 'from SWITCHBOARD_TEAM_KEY' });
    await expect(findTeamKey(team, 'sbtk_short')).rejects.toThrow(/SWITCHBOARD_TEAM_KEY is not a team key/);
  });
});
