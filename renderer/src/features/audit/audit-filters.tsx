import { useState } from 'react';
import { permissions } from '../../../../shared/permissions';
import { Field } from '../../components/field';
import { SelectField } from '../../components/select-field';
import { useAppStore } from '../../store/app-store';
import { noAuditFilters, type AuditFilters } from '../../store/audit-slice';
import { verbOf } from './audit-format';

/** Server-side filters (actor, action, target, days), applied together with "Apply". */
export function AuditFilterBar() {
  const applied = useAppStore((s) => s.auditFilters);
  const apply = useAppStore((s) => s.setAuditFilters);
  const [draft, setDraft] = useState<AuditFilters>(applied);
  const change = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const writes = permissions.filter((p) => !/:(List|Get)/.test(p));
  return (
    <form
      className="filters"
      aria-label="Audit filters"
      onSubmit={(event) => {
        event.preventDefault();
        void apply(draft);
      }}
    >
      <Field label="Actor">
        <input value={draft.actor} onChange={(e) => change('actor', e.target.value)} placeholder="cli, admin or tok_…" />
      </Field>
      <SelectField
        label="Action"
        value={draft.action}
        onChange={(action) => change('action', action)}
        emptyLabel="Any action"
        options={writes.map((p) => ({ value: p, label: `${verbOf(p)} · ${p.split(':')[0]}` }))}
      />
      <Field label="Target id">
        <input value={draft.targetId} onChange={(e) => change('targetId', e.target.value)} placeholder="aip_…, tok_…" />
      </Field>
      <Field label="From">
        <input type="date" value={draft.sinceDay} onChange={(e) => change('sinceDay', e.target.value)} />
      </Field>
      <Field label="To">
        <input type="date" value={draft.untilDay} onChange={(e) => change('untilDay', e.target.value)} />
      </Field>
      <div className="filter-buttons">
        <button type="submit">Apply</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(noAuditFilters);
            void apply(noAuditFilters);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
