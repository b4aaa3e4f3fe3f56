import { useEffect, useState, type FormEvent } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { formatDateTime } from '../../components/format';
import { RemoteStatus } from '../../components/remote-status';
import { errorMessage } from '../../store/slice';
import { useAppStore } from '../../store/app-store';

function megabytes(bytes: number | null): string {
  return bytes === null ? 'unknown' : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** How long the request log keeps raw rows; charts and reports come from rollups kept for ever. */
export function RetentionSettings() {
  const retention = useAppStore((s) => s.retention);
  const load = useAppStore((s) => s.loadRetention);
  const save = useAppStore((s) => s.saveRetention);
  const [days, setDays] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);

  const data = retention.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaveError(null);
    setSaved(false);
    save(Number(days ?? data?.rawRowsDays)).then(
      () => setSaved(true),
      (error: unknown) => setSaveError(errorMessage(error)),
    );
  };
  return (
    <section aria-labelledby="retention-title" className="settings-section">
      <h2 id="retention-title">Request log retention</h2>
      <RemoteStatus remote={retention} what="retention" onRetry={() => void load()} />
      {data && (
        <>
          <form className="inline-form" onSubmit={submit}>
            <div className="field">
              <label htmlFor="retention-days">Keep raw requests for (days)</label>
              <input
                id="retention-days"
                type="number"
                min={1}
                max={3650}
                required
                value={days ?? String(data.rawRowsDays)}
                onChange={(e) => setDays(e.target.value)}
              />
              <span className="field-hint">Older requests leave the request log; usage charts and reports keep their totals.</span>
            </div>
            <button type="submit">Save</button>
            {saved && <span role="status">Saved</span>}
          </form>
          <ErrorBanner message={saveError} />
          <dl className="facts">
            <div>
              <dt>Oldest request kept</dt>
              <dd>{formatDateTime(data.oldestRawRowAt)}</dd>
            </div>
            <div>
              <dt>Database size</dt>
              <dd>{megabytes(data.databaseBytes)}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
