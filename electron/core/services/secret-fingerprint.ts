import { createHash } from 'node:crypto';

/**
 * A short, stable label for a secret value: the first 12 hex digits of its SHA-256. Enough to tell
 * two values apart at a glance; never the value or any of its characters.
 */
export function secretFingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12)}`;
}
