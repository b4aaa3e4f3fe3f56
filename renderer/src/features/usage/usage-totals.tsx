import type { UsageTotals } from '../../../../shared/operations';
import { formatCompact, formatCost, formatInteger, totalTokens } from '../../components/format';

/** The headline numbers of the view. */
export function UsageTotalsCards({ totals }: { totals: UsageTotals }) {
  const errorRate = totals.requests > 0 ? `${((totals.errors / totals.requests) * 100).toFixed(1)}%` : '—';
  const cards: Array<[string, string, string?]> = [
    ['Requests', formatInteger(totals.requests)],
    ['Tokens', formatCompact(totalTokens(totals)), `${formatInteger(totals.inputTokens)} in · ${formatInteger(totals.outputTokens)} out`],
    ['Cost', formatCost(totals), totals.unpricedRequests > 0 ? 'Unpriced requests have no price in the price table.' : undefined],
    ['Errors', formatInteger(totals.errors), `${errorRate} of requests`],
  ];
  return (
    <section aria-label="Totals">
      <dl className="cards">
        {cards.map(([label, value, note]) => (
          <div key={label} className="card">
            <dt>{label}</dt>
            <dd>
              <span className="card-value" data-testid={`total-${label.toLowerCase()}`}>
                {value}
              </span>
              {note && <span className="card-note">{note}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
