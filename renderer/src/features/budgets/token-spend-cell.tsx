import type { Token } from '../../../../shared/operations';
import { formatInteger, formatUsd } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import { concurrencyText } from './concurrency-text';
import { BudgetBar } from './budget-bar';

/** A token's limits at a glance: its spend against its own cap (with a bar), its per-minute limits and its concurrency. */
export function TokenSpendCell({ token }: { token: Token }) {
  const spend = useAppStore((s) => s.tokenSpend.data?.find((each) => each.tokenId === token.id));
  const { requestsPerMinute, inputTokensPerMinute, spendCapUsd } = token.limits;
  const rates = [
    requestsPerMinute !== null ? `${formatInteger(requestsPerMinute)} req/min` : null,
    inputTokensPerMinute !== null ? `${formatInteger(inputTokensPerMinute)} input tokens/min` : null,
    concurrencyText(token.limits),
  ].filter(Boolean);
  if (spendCapUsd === null && rates.length === 0) return <span className="muted">none</span>;
  const cap = spendCapUsd === null ? null : Math.round(spendCapUsd * 1_000_000);
  return (
    <div className="token-limits">
      {cap !== null && (
        <>
          <span>
            {formatUsd(spend?.spentMicroUsd ?? 0)} of {formatUsd(cap)}
          </span>
          <BudgetBar name={`${token.name} spend`} spent={spend?.spentMicroUsd ?? 0} reserved={spend?.reservedMicroUsd ?? 0} cap={cap} />
        </>
      )}
      {rates.length > 0 && <span className="muted">{rates.join(', ')}</span>}
    </div>
  );
}
