import { spawnSync } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { reservationTimingFrom } from '../../electron/core/gateway/reservation-timing';
import { UsageError } from '../../electron/core/cli/usage-error';
import { builtCli } from '../support/built-cli';
import { makeTempDir } from '../support/temp-dir';

/** `serve`'s reservation expiry and sweep interval: flag over variable over default, and a bad value stops it, named. */
const temp = makeTempDir();
afterAll(() => temp.cleanup());

it('reads the flags first, then the variables, and leaves the defaults when neither is set', () => {
  expect(reservationTimingFrom({}, {})).toEqual({ expiryMs: undefined, sweepEveryMs: undefined });
  const env = { SWITCHBOARD_RESERVATION_EXPIRY_MS: '120000', SWITCHBOARD_RESERVATION_SWEEP_MS: '5000' };
  expect(reservationTimingFrom({}, env)).toEqual({ expiryMs: 120_000, sweepEveryMs: 5_000 });
  expect(reservationTimingFrom({ expiry: '60000', sweep: '250' }, env)).toEqual({ expiryMs: 60_000, sweepEveryMs: 250 });
});

it.each([
  [{ expiry: '30m' }, {}, /--reservation-expiry-ms must be a whole number of milliseconds from 1000 to 604800000, not "30m"/],
  [{ expiry: '500' }, {}, /--reservation-expiry-ms .* not "500"/],
  [{}, { SWITCHBOARD_RESERVATION_SWEEP_MS: '-1' }, /SWITCHBOARD_RESERVATION_SWEEP_MS must be .* from 100 to 3600000, not "-1"/],
  [{}, { SWITCHBOARD_RESERVATION_SWEEP_MS: '1e3' }, /SWITCHBOARD_RESERVATION_SWEEP_MS .* not "1e3"/],
])('refuses %j %j with a message naming the setting', (flags, env, message) => {
  expect(() => reservationTimingFrom(flags, env)).toThrow(UsageError);
  expect(() => reservationTimingFrom(flags, env)).toThrow(message);
});

it('stops `serve` before it starts on a bad value: exit 2, the setting named, no stack', () => {
  const result = spawnSync(
    process.execPath,
    [builtCli, 'serve', '--port', '0', '--data-dir', temp.dir, '--reservation-sweep-ms', 'often'],
    {
      env: { ...process.env, SWITCHBOARD_DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 15_000,
    },
  );
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('--reservation-sweep-ms must be a whole number of milliseconds');
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
