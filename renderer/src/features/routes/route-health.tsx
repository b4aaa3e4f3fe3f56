import type { BreakerStatus } from '../../../../shared/operations';

const breakerLabels: Record<BreakerStatus['state'], string> = { closed: 'Healthy', open: 'Open', half_open: 'Probing' };

/** A target's circuit breaker as a badge: healthy (closed, or never failed), open (skipped) or probing. */
export function BreakerBadge({ breaker }: { breaker: BreakerStatus | undefined }) {
  const state = breaker?.state ?? 'closed';
  const failures = breaker && breaker.recentFailures > 0 ? `, ${breaker.recentFailures} recent failures` : '';
  const until = breaker?.openUntil ? `, skipped until ${new Date(breaker.openUntil).toLocaleTimeString()}` : '';
  return (
    <span className={`badge badge-breaker-${state}`} title={`Circuit breaker ${breakerLabels[state].toLowerCase()}${failures}${until}`}>
      {breakerLabels[state]}
    </span>
  );
}
