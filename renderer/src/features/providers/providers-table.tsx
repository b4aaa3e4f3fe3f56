import type { AiProvider } from '../../../../shared/operations';
import { providerLabels } from '../../../../shared/provider-facts';
import { CopyButton } from '../../components/copy-button';
import { useAppStore } from '../../store/app-store';
import { ProviderIcon } from './provider-icon';
import { TestResult } from './test-result';

const authLabels = { byo: 'Own key', hosted: 'Hosted' } as const;

export function ProvidersTable({
  providers,
  onEdit,
  onDelete,
}: {
  providers: AiProvider[];
  onEdit(p: AiProvider): void;
  onDelete(p: AiProvider): void;
}) {
  const secrets = useAppStore((s) => s.secrets.data) ?? [];
  const tests = useAppStore((s) => s.providerTests);
  const testProvider = useAppStore((s) => s.testProvider);
  const secretName = (id: string | null) => (id ? (secrets.find((s) => s.id === id)?.name ?? id) : 'no secret');
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Providers">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Provider</th>
            <th scope="col">Default model</th>
            <th scope="col">Base URL</th>
            <th scope="col">Credential</th>
            <th scope="col">Last test</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {providers.map((p) => (
            <tr key={p.id}>
              <th scope="row" className="wrap-words">
                {p.name}
                <span className="cell-detail id-line">
                  <code>{p.id}</code>
                  <CopyButton text={p.id} label={`Copy id of ${p.name}`} />
                </span>
              </th>
              <td>
                <span className="slug">
                  <ProviderIcon slug={p.provider} />
                  <span title={providerLabels[p.provider]}>{p.provider}</span>
                </span>
              </td>
              <td>
                <code>{p.defaultModel}</code>
              </td>
              <td className="truncate" title={p.baseUrl ?? undefined}>
                {p.baseUrl ? <code>{p.baseUrl.replace(/^https?:\/\//, '')}</code> : <span className="muted">default</span>}
              </td>
              <td>
                {authLabels[p.authMethod]}
                <span className="cell-detail">{secretName(p.secretId)}</span>
              </td>
              <td aria-live="polite">
                <TestResult state={tests[p.id]} />
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void testProvider(p.id)}
                  aria-label={`Test connection of ${p.name}`}
                  disabled={tests[p.id]?.running}
                >
                  Test
                </button>
                <button type="button" className="secondary" onClick={() => onEdit(p)} aria-label={`Edit ${p.name}`}>
                  Edit
                </button>
                <button type="button" className="danger" onClick={() => onDelete(p)} aria-label={`Delete ${p.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
