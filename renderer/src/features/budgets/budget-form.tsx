import { useEffect, useState, type FormEvent } from 'react';
import type { BudgetPeriod, BudgetScope, BudgetStatus } from '../../../../shared/operations';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { useAppStore } from '../../store/app-store';
import { errorMessage } from '../../store/slice';

/**
 * A new budget: what it caps (the project, one of its tokens or AI providers), per which period, up
 * to how much. Given a `budget`, edits it: what it caps stays; its name, period, cap and unpriced rule change.
 */
export function BudgetForm({ budget, onClose }: { budget?: BudgetStatus; onClose(): void }) {
  const projectId = useAppStore((s) => s.currentProjectId);
  const tokens = useAppStore((s) => s.tokens);
  const providers = useAppStore((s) => s.providers);
  const loadTokens = useAppStore((s) => s.loadTokens);
  const loadProviders = useAppStore((s) => s.loadProviders);
  const createBudget = useAppStore((s) => s.createBudget);
  const updateBudget = useAppStore((s) => s.updateBudget);
  const [name, setName] = useState(budget?.name ?? '');
  const [scope, setScope] = useState<BudgetScope>(budget?.scope ?? 'project');
  const [scopeId, setScopeId] = useState(budget?.scopeId ?? '');
  const [period, setPeriod] = useState<BudgetPeriod>(budget?.period ?? 'monthly');
  const [cap, setCap] = useState(budget ? String(budget.capUsd) : '');
  const [allowUnpriced, setAllowUnpriced] = useState(budget?.allowUnpriced ?? false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadTokens();
    void loadProviders();
  }, [loadTokens, loadProviders]);

  const choices =
    scope === 'token'
      ? (tokens.data ?? []).filter((token) => token.kind === 'job' && !token.revokedAt).map((token) => [token.id, token.name] as const)
      : scope === 'aiProvider'
        ? (providers.data ?? []).map((provider) => [provider.id, provider.name] as const)
        : [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      if (budget) {
        await updateBudget({ budgetId: budget.id, name, period, capUsd: Number(cap), allowUnpriced });
      } else {
        const target = scope === 'project' ? (projectId ?? '') : scopeId;
        await createBudget({ name, scope, scopeId: target, period, capUsd: Number(cap), allowUnpriced });
      }
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <Dialog title={budget ? `Edit ${budget.name}` : 'New budget'} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <Field label="Name">
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} />
        </Field>
        <Field label="Caps">
          <select
            value={scope}
            disabled={budget !== undefined}
            onChange={(event) => {
              setScope(event.target.value as BudgetScope);
              setScopeId('');
            }}
          >
            <option value="project">The whole project</option>
            <option value="token">One token</option>
            <option value="aiProvider">One AI provider</option>
          </select>
        </Field>
        {scope !== 'project' && (
          <Field label={scope === 'token' ? 'Token' : 'AI provider'}>
            <select value={scopeId} disabled={budget !== undefined} onChange={(event) => setScopeId(event.target.value)} required>
              <option value="">Choose…</option>
              {choices.map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="Period" hint="Days, weeks (from Monday) and months begin at midnight UTC.">
          <select value={period} onChange={(event) => setPeriod(event.target.value as BudgetPeriod)}>
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
            <option value="monthly">Monthly</option>
            <option value="lifetime">Lifetime</option>
          </select>
        </Field>
        <Field label="Cap (US dollars)">
          <input type="number" min="0.000001" step="any" value={cap} onChange={(event) => setCap(event.target.value)} required />
        </Field>
        <label className="choice">
          <input type="checkbox" checked={allowUnpriced} onChange={(event) => setAllowUnpriced(event.target.checked)} />
          Let requests for models without a price through (uncounted)
        </label>
        <ErrorBanner message={error} />
        <div className="form-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit">{budget ? 'Save budget' : 'Create budget'}</button>
        </div>
      </form>
    </Dialog>
  );
}
