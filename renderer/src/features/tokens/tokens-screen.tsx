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
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [now] = useState(Date.now);

  useEffect(() => {
    void loadTokens();
    void loadProviders();
    void loadTokenSpend();
  }, [loadTokens, loadProviders, loadTokenSpend]);

  return (
    <Screen
      title="Tokens"
      description="Job tokens for pipelines and developers, API tokens for automation. A token is shown once, when issued."
      actions={
        <button type="button" onClick={() => setIssuing(true)}>
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
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Token</th>
                <th scope="col">Labels</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Limits</th>
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
                    <th scope="row">{token.name}</th>
                    <td>{token.kind === 'job' ? 'Job' : 'API'}</td>
                    <td className="nowrap">
                      <code>{token.prefix}…</code>
                    </td>
                    <td className="truncate">
                      {Object.entries(token.labels)
                        .map(([k, v]) => `${k}=${v}`)
                        .join(', ') || <span className="muted">none</span>}
                    </td>
                    <td>{token.expiresAt ? formatRelative(token.expiresAt, now) : 'never'}</td>
                    <td>{formatRelative(token.lastUsedAt, now)}</td>
                    <td>
                      <TokenSpendCell token={token} />
                    </td>
                    <td>
                      <span className={`badge badge-${state.toLowerCase()}`}>{state}</span>
                    </td>
                    <td className="row-actions">
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
      {issuing && <TokenForm onClose={() => setIssuing(false)} />}
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
