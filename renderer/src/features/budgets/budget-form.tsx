import { useEffect, useState, type FormEvent } from 'react';
import type { BudgetPeriod, BudgetScope, BudgetStatus } from '../../../../shared/operations';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { SelectField } from '../../components/select-field';
import { useAppStore } from '../../store/app-store';
import { errorMessage } from '../../store/slice';

const scopeOptions: { value: BudgetScope; label: string }[] = [
  { value: 'project', label: 'The whole project' },
  { value: 'token', label: 'One token' },
  { value: 'aiProvider', label: 'One AI provider' },
];

const periodOptions: { value: BudgetPeriod; label: string }[] = [
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'lifetime', label: 'Lifetime' },
];

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
        <SelectField
          label="Caps"
          value={scope}
          onChange={(chosen) => {
            setScope(chosen as BudgetScope);
            setScopeId('');
          }}
          options={scopeOptions}
          disabled={budget !== undefined}
        />
        {scope !== 'project' && (
          <SelectField
            label={scope === 'token' ? 'Token' : 'AI provider'}
            value={scopeId}
            onChange={setScopeId}
            emptyLabel="Choose…"
            options={choices.map(([id, label]) => ({ value: id, label }))}
            required
            disabled={budget !== undefined}
          />
        )}
        <SelectField
          label="Period"
          hint="Days, weeks (from Monday) and months begin at midnight UTC."
          value={period}
          onChange={(chosen) => setPeriod(chosen as BudgetPeriod)}
          options={periodOptions}
        />
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
