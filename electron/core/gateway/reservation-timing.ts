import { UsageError } from '../cli/usage-error';

/** How long an unsettled budget reservation is held, and how often expired ones are looked for. */
export interface ReservationTiming {
  expiryMs?: number;
  sweepEveryMs?: number;
}

const bounds = {
  // Keep it longer than the slowest answer: a hold released while its request still runs lets others past the cap.
  expiryMs: { min: 1_000, max: 7 * 24 * 3_600_000 },
  sweepEveryMs: { min: 100, max: 3_600_000 },
};

function millisecondsOf(text: string | undefined, name: string, { min, max }: { min: number; max: number }): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(ms) || ms < min || ms > max) {
    throw new UsageError(`${name} must be a whole number of milliseconds from ${min} to ${max}, not "${text}"`);
  }
  return ms;
}

/**
 * The reservation expiry and sweep interval of `serve`: its flags win over
 * SWITCHBOARD_RESERVATION_EXPIRY_MS / SWITCHBOARD_RESERVATION_SWEEP_MS; unset keeps 30 min and 1 min.
 * A bad value stops the gateway before it starts, naming the setting.
 */
export function reservationTimingFrom(
  flags: { expiry?: string; sweep?: string },
  env: Record<string, string | undefined> = process.env,
): ReservationTiming {
  const expiryMs =
    flags.expiry !== undefined
      ? millisecondsOf(flags.expiry, '--reservation-expiry-ms', bounds.expiryMs)
      : millisecondsOf(env.SWITCHBOARD_RESERVATION_EXPIRY_MS, 'SWITCHBOARD_RESERVATION_EXPIRY_MS', bounds.expiryMs);
  const sweepEveryMs =
    flags.sweep !== undefined
      ? millisecondsOf(flags.sweep, '--reservation-sweep-ms', bounds.sweepEveryMs)
      : millisecondsOf(env.SWITCHBOARD_RESERVATION_SWEEP_MS, 'SWITCHBOARD_RESERVATION_SWEEP_MS', bounds.sweepEveryMs);
  return { expiryMs, sweepEveryMs };
}
