import type { UsageTotals } from '../../../../shared/operations';
import { formatCompact, formatInteger, formatUsd, totalTokens } from '../../components/format';

/** Priced cost as the value; unpriced requests named beside it, never folded in as $0. */
function costCard(totals: UsageTotals): [string, string, string?] {
  if (totals.unpricedRequests === 0) return ['Cost', formatUsd(totals.costMicroUsd)];
  const note = `+ ${formatInteger(totals.unpricedRequests)} unpriced requests (no price in the price table)`;
  return ['Cost', totals.unpricedRequests === totals.requests ? 'unpriced' : formatUsd(totals.costMicroUsd), note];
}

/** The headline numbers of the view; the error count opens those requests in the request log. */
export function UsageTotalsCards({ totals, errorsHref }: { totals: UsageTotals; errorsHref?: string }) {
  const errorRate = totals.requests > 0 ? `${((totals.errors / totals.requests) * 100).toFixed(1)}%` : '—';
  const cards: Array<[string, string, string?]> = [
    ['Requests', formatInteger(totals.requests)],
    ['Tokens', formatCompact(totalTokens(totals)), `${formatInteger(totals.inputTokens)} in · ${formatInteger(totals.outputTokens)} out`],
    costCard(totals),
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
                {label === 'Errors' && errorsHref && totals.errors > 0 ? (
                  <a href={errorsHref} aria-label={`${value} errors: show these requests`}>
                    {value}
                  </a>
                ) : (
                  value
                )}
              </span>
              {note && <span className="card-note">{note}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
