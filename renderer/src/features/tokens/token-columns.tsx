import type { AiProvider, Route, Token } from '../../../../shared/operations';
import { formatInteger } from '../../components/format';

/** Labels in full, one `name=value` per line, never cut. */
export function TokenLabels({ labels }: { labels: Token['labels'] }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="plain-list wrap-words" aria-label="Labels">
      {entries.map(([name, value]) => (
        <li key={name}>
          <code>
            {name}=<wbr />
            {withBreaks(value)}
          </code>
        </li>
      ))}
    </ul>
  );
}

/** A break opportunity after each "/" (branch names, paths), so a long value wraps between its parts. */
function withBreaks(value: string) {
  return value.split('/').map((part, i, parts) => (
    <span key={i}>
      {part}
      {i < parts.length - 1 && (
        <>
          /<wbr />
        </>
      )}
    </span>
  ));
}

/** What a job token may call, by provider name and route name (marked as a route); an API token calls no provider. */
export function allowedProvidersText(token: Token, providers: readonly AiProvider[], routes: readonly Route[] = []): string {
  if (token.kind === 'api') return '—';
  if (token.allowedProviders.length === 0) return 'All providers';
  return token.allowedProviders
    .map((ref) => {
      const provider = providers.find((p) => p.id === ref || p.provider === ref);
      if (provider) return provider.name;
      return routes.some((r) => r.name === ref) ? `${ref} (route)` : ref;
    })
    .join(', ');
}

/** The limits that are set, in words; "none" when the token is unlimited. */
export function limitsText(limits: Token['limits']): string {
  const parts = [
    limits.requestsPerMinute === null ? null : `${formatInteger(limits.requestsPerMinute)} req/min`,
    limits.inputTokensPerMinute === null ? null : `${formatInteger(limits.inputTokensPerMinute)} input tokens/min`,
    limits.spendCapUsd === null ? null : `$${limits.spendCapUsd} cap`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}
