import { useEffect, useState } from 'react';
import type { BudgetStatus } from '../../../../shared/operations';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { formatDateTime, formatUsd } from '../../components/format';
import { RemoteStatus } from '../../components/remote-status';
import { Screen } from '../../components/screen';
import { useAppStore } from '../../store/app-store';
import { BudgetBar } from './budget-bar';
import { BudgetForm } from './budget-form';
import { CustomPrices } from './custom-prices';
import { PriceTableImport } from './price-table-import';

const scopeLabels: Record<BudgetStatus['scope'], string> = { token: 'Token', project: 'Project', aiProvider: 'AI provider' };
const periodLabels: Record<BudgetStatus['period'], string> = { lifetime: 'Lifetime', daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

/** Every budget of the project: spent, reserved by requests in flight, cap and period, with a bar each. */
export function BudgetsScreen() {
  const budgets = useAppStore((s) => s.budgets);
  const load = useAppStore((s) => s.loadBudgets);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<BudgetStatus | null>(null);
  const [editing, setEditing] = useState<BudgetStatus | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Screen
      title="Budgets"
      description="Spend caps on a token, the project or an AI provider, per day, week, month or for good. Requests that would pass a cap are refused before they reach the provider."
      actions={
        <>
          <button type="button" className="secondary" onClick={() => void load()}>
            Refresh
          </button>
          <button type="button" onClick={() => setCreating(true)}>
            New budget
          </button>
        </>
      }
    >
      <RemoteStatus remote={budgets} what="budgets" onRetry={() => void load()} />
      {budgets.data?.length === 0 && <EmptyState title="No budgets yet" />}
      {budgets.data && budgets.data.length > 0 && (
        <DataTable
          label="Budgets"
          columns={['Name', 'Caps', 'Period', 'Spent', 'Reserved', 'Cap', 'Use', { label: 'Actions', hidden: true }]}
        >
          {budgets.data.map((budget) => {
            const cap = Math.round(budget.capUsd * 1_000_000);
            return (
              <tr key={budget.id}>
                <th scope="row">{budget.name}</th>
                <td>
                  {scopeLabels[budget.scope]} <code>{budget.scopeId}</code>
                </td>
                <td>
                  {periodLabels[budget.period]}
                  {budget.periodEnd && <span className="muted"> until {formatDateTime(budget.periodEnd)}</span>}
                  {budget.timeZone !== 'UTC' && <span className="muted"> ({budget.timeZone})</span>}
                </td>
                <td>{formatUsd(budget.spentMicroUsd)}</td>
                <td>{formatUsd(budget.reservedMicroUsd)}</td>
                <td>{formatUsd(cap)}</td>
                <td>
                  <BudgetBar name={budget.name} spent={budget.spentMicroUsd} reserved={budget.reservedMicroUsd} cap={cap} />
                </td>
                <td className="row-actions">
                  <button type="button" className="secondary" onClick={() => setEditing(budget)}>
                    Edit
                  </button>
                  <button type="button" className="secondary" onClick={() => setDeleting(budget)}>
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <CustomPrices />
      <PriceTableImport />
      {creating && <BudgetForm onClose={() => setCreating(false)} />}
      {editing && <BudgetForm budget={editing} onClose={() => setEditing(null)} />}
      {deleting && <DeleteBudgetDialog budget={deleting} onClose={() => setDeleting(null)} />}
    </Screen>
  );
}

function DeleteBudgetDialog({ budget, onClose }: { budget: BudgetStatus; onClose(): void }) {
  const deleteBudget = useAppStore((s) => s.deleteBudget);
  return (
    <ConfirmDialog
      title={`Delete ${budget.name}?`}
      confirmLabel="Delete budget"
      onConfirm={() => deleteBudget(budget.id)}
      onClose={onClose}
    >
      <p>Requests are no longer capped by this budget. What was spent stays in the usage records.</p>
    </ConfirmDialog>
  );
}
