import { useState } from 'react';
import type { ModelPrice, PriceTableChanges } from '../../../../shared/operations';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { useAppStore } from '../../store/app-store';
import { errorMessage } from '../../store/slice';

const describe = (p: ModelPrice) => `$${p.input} in / $${p.output} out / $${p.cacheRead} cache read / $${p.cacheWrite} cache write`;

/** A newer dated price table file: first what it would change, then import it. */
export function PriceTableImport() {
  const edition = useAppStore((s) => s.status?.priceTable);
  const importTable = useAppStore((s) => s.importPriceTable);
  const [table, setTable] = useState<unknown>(null);
  const [changes, setChanges] = useState<PriceTableChanges | null>(null);
  const [imported, setImported] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function choose(file: File | undefined) {
    setError(null);
    setChanges(null);
    setImported(false);
    if (!file) return;
    try {
      const parsed: unknown = JSON.parse(await file.text());
      setTable(parsed);
      setChanges(await importTable(parsed, true));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  async function apply() {
    try {
      setChanges(await importTable(table, false));
      setImported(true);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <section aria-labelledby="price-table-heading" className="panel">
      <h2 id="price-table-heading">Price table</h2>
      {edition && <p className="muted">Prices as of {edition.asOf}.</p>}
      <Field label="Newer price table file (JSON)">
        <input type="file" accept="application/json,.json" onChange={(event) => void choose(event.target.files?.[0])} />
      </Field>
      {changes && (
        <div role="status">
          <p>
            {imported ? 'Imported' : 'Would change'} {changes.previousAsOf} → {changes.asOf}: {changes.added.length} added,{' '}
            {changes.removed.length} removed, {changes.changed.length} repriced.
          </p>
          <ul className="price-changes">
            {changes.added.map((c) => (
              <li key={`+${c.model}`}>
                + <code>{c.model}</code> {describe(c.price)}
              </li>
            ))}
            {changes.removed.map((c) => (
              <li key={`-${c.model}`}>
                − <code>{c.model}</code> {describe(c.price)}
              </li>
            ))}
            {changes.changed.map((c) => (
              <li key={`~${c.model}`}>
                ~ <code>{c.model}</code> {describe(c.before)} → {describe(c.after)}
              </li>
            ))}
          </ul>
          {!imported && (
            <button type="button" onClick={() => void apply()}>
              Import price table
            </button>
          )}
        </div>
      )}
      <ErrorBanner message={error} />
    </section>
  );
}
