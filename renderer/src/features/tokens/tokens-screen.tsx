import { useEffect, useState } from 'react';
import type { Token } from '../../../../shared/operations';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { EmptyState } from '../../components/empty-state';
import { formatRelative } from '../../components/format';
import { RemoteStatus } from '../../components/remote-status';
import { Screen } from '../../components/screen';
import { useAppStore } from '../../store/app-store';
import { TokenSpendCell } from '../budgets/token-spend-cell';
import { IssuedTokenDialog } from './issued-token-dialog';
import { allowedProvidersText, TokenLabels } from './token-columns';
import { TokenForm } from './token-form';

function stateOf(token: Token, now: number): string {
  if (token.revokedAt) return 'Revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'Expired';
  return 'Active';
}

export function TokensScreen() {
  const tokens = useAppStore((s) => s.tokens);
  const issued = useAppStore((s) => s.issuedToken);
  const loadTokens = useAppStore((s) => s.loadTokens);
  const loadProviders = useAppStore((s) => s.loadProviders);
  const loadTokenSpend = useAppStore((s) => s.loadTokenSpend);
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const routes = useAppStore((s) => s.routes.data) ?? [];
  const loadRoutes = useAppStore((s) => s.loadRoutes);
  const [form, setForm] = useState<{ editing: Token | null } | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [now] = useState(Date.now);

  useEffect(() => {
    void loadTokens();
    void loadProviders();
    void loadTokenSpend();
    void loadRoutes();
  }, [loadTokens, loadProviders, loadTokenSpend, loadRoutes]);

  return (
    <Screen
      title="Tokens"
      description="Job tokens for pipelines and developers, API tokens for automation. A token is shown once, when issued."
      actions={
        <button type="button" onClick={() => setForm({ editing: null })}>
          Issue token
        </button>
      }
    >
      <RemoteStatus remote={tokens} what="tokens" onRetry={() => void loadTokens()} />
      {tokens.data?.length === 0 && (
        <EmptyState title="No tokens yet">
          <p>Issue a job token and paste the snippet into a pipeline step.</p>
        </EmptyState>
      )}
      {tokens.data && tokens.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label="Tokens">
            <thead>
              <tr>
                <th scope="col">Name and kind</th>
                <th scope="col">Labels</th>
                <th scope="col">Allowed providers and routes</th>
                <th scope="col">Spend and limits</th>
                <th scope="col">Expires, last used</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => {
                const state = stateOf(token, now);
                return (
                  <tr key={token.id} className={state === 'Active' ? undefined : 'row-inactive'}>
                    <th scope="row" className="wrap-words">
                      {token.name}
                      <span className="cell-detail">
                        {token.kind === 'job' ? 'Job token' : 'API token'} <code>{token.prefix}…</code>
                      </span>
                    </th>
                    <td>
                      <TokenLabels labels={token.labels} />
                    </td>
                    <td className="wrap-words">{allowedProvidersText(token, providers, routes)}</td>
                    <td>
                      <TokenSpendCell token={token} />
                    </td>
                    <td>
                      <span title={token.expiresAt ?? undefined}>
                        {token.expiresAt ? `expires ${formatRelative(token.expiresAt, now)}` : 'never expires'}
                      </span>
                      <span className="cell-detail">
                        {token.lastUsedAt ? `used ${formatRelative(token.lastUsedAt, now)}` : 'never used'}
                      </span>
                    </td>
                    <td>
                      <span className={`badge badge-${state.toLowerCase()}`}>{state}</span>
                    </td>
                    <td className="row-actions">
                      {!token.revokedAt && (
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => setForm({ editing: token })}
                          aria-label={`Edit ${token.name}`}
                        >
                          Edit
                        </button>
                      )}
                      {!token.revokedAt && (
                        <button type="button" className="danger" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {form && <TokenForm editing={form.editing} onClose={() => setForm(null)} />}
      {issued && <IssuedTokenDialog issued={issued} />}
      {revoking && <RevokeTokenDialog token={revoking} onClose={() => setRevoking(null)} />}
    </Screen>
  );
}

function RevokeTokenDialog({ token, onClose }: { token: Token; onClose(): void }) {
  const revokeToken = useAppStore((s) => s.revokeToken);
  return (
    <ConfirmDialog title={`Revoke ${token.name}?`} confirmLabel="Revoke token" onConfirm={() => revokeToken(token.id)} onClose={onClose}>
      <p>Every request with this token is refused from now on. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
