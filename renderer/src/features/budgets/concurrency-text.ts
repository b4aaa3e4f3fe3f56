import type { Token } from '../../../../shared/operations';
import { formatInteger } from '../../components/format';

/** A concurrency limit in words: how many at once, and how the rest wait (or that they do not); null when unlimited. */
export function concurrencyText(limits: Token['limits']): string | null {
  if (limits.maxConcurrent === null) return null;
  const waiting =
    limits.queueWaitSeconds === 0
      ? 'no queue'
      : `${formatInteger(limits.maxQueued)} may wait up to ${formatInteger(limits.queueWaitSeconds)} s`;
  return `${formatInteger(limits.maxConcurrent)} at once, ${waiting}`;
}
