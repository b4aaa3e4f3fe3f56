import { formatUsd } from '../../components/format';

/**
 * Spent and reserved against the cap, as one bar: what is spent, then what requests in flight
 * hold. A meter for assistive technology, with the numbers in its label.
 */
export function BudgetBar({ spent, reserved, cap, name }: { spent: number; reserved: number; cap: number; name: string }) {
  const share = (part: number) => `${Math.min(100, cap > 0 ? (part / cap) * 100 : 0)}%`;
  const percent = cap > 0 ? Math.round(((spent + reserved) / cap) * 100) : 0;
  const level = percent >= 100 ? 'full' : percent >= 80 ? 'high' : 'normal';
  return (
    <div
      className={`budget-bar budget-bar-${level}`}
      role="meter"
      aria-label={`${name}: ${formatUsd(spent)} spent, ${formatUsd(reserved)} reserved of ${formatUsd(cap)}`}
      aria-valuemin={0}
      aria-valuemax={cap}
      aria-valuenow={Math.min(cap, spent + reserved)}
      aria-valuetext={`${percent} %`}
    >
      <span className="budget-bar-spent" style={{ width: share(spent) }} />
      <span className="budget-bar-reserved" style={{ width: share(reserved) }} />
    </div>
  );
}
