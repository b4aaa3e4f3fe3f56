import { UsageError } from './usage-error';

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30d`, `12h`, `90m`, `2w` → the ISO time that far from `now`. */
export function expiryFrom(text: string, now: Date): string {
  const match = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw new UsageError(`--expires must look like 30d, 12h, 90m or 2w, not "${text}"`);
  return new Date(now.getTime() + Number(match[1]) * units[match[2]!]!).toISOString();
}

/** `--label pipeline=web --label branch=main` → `{ pipeline: 'web', branch: 'main' }`. */
export function labelsFrom(pairs: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new UsageError(`--label must be key=value, not "${pair}"`);
    labels[pair.slice(0, index)] = pair.slice(index + 1);
  }
  return labels;
}

/** A numeric option, or null when absent; the operation's schema checks its range. */
export function numberOrNull(text: string | undefined, option: string): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${option} must be a number, not "${text}"`);
  return value;
}

/** `30s`, `2m` or a bare number of seconds → seconds, or null when absent; the operation's schema checks the range. */
export function secondsOrNull(text: string | undefined, option: string): number | null {
  if (text === undefined) return null;
  const match = /^(\d{1,6})([sm]?)$/.exec(text.trim());
  if (!match) throw new UsageError(`${option} must look like 30s, 2m or 45, not "${text}"`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}
