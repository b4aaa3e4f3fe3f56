import { useEffect, useState, type FormEvent } from 'react';
import type { TeamDatabaseStatus } from '../../../../shared/team-database';
import type { TeamDatabaseApi } from '../../api/team-database';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';

/**
 * Settings → Team database (desktop): point this Switchboard at a team's PostgreSQL. The URL is
 * tested before it is kept; its password goes to the OS keychain, the rest to the data
 * directory. The running gateway keeps its store until Switchboard restarts.
 */
export function TeamDatabaseSection({ api }: { api: TeamDatabaseApi }) {
  const [status, setStatus] = useState<TeamDatabaseStatus | null>(null);
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState<'test' | 'connect' | 'disconnect' | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.status().then(setStatus, (e: Error) => setError(e.message));
  }, [api]);

  async function run(action: 'test' | 'connect' | 'disconnect') {
    setBusy(action);
    setError(null);
    setResult(null);
    try {
      if (action === 'test') setResult(await api.test(url));
      else if (action === 'connect') {
        setStatus(await api.connect(url));
        setUrl('');
      } else setStatus(await api.disconnect());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run('connect');
  };

  return (
    <section aria-labelledby="team-database-heading">
      <h2 id="team-database-heading">Team database</h2>
      <p role="status">{status ? describe(status) : 'Loading…'}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <Field
          label="PostgreSQL URL"
          hint="postgres://user:password@host:5432/database. The password is kept in the OS keychain, never in a file."
        >
          <input
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="postgres://switchboard_admin:…@db.internal:5432/switchboard"
          />
        </Field>
        {result && (
          <p className={result.ok ? 'banner' : 'banner banner-error'} role={result.ok ? 'status' : 'alert'}>
            {result.message}
          </p>
        )}
        <ErrorBanner message={error} />
        <div className="form-actions">
          <button type="button" className="secondary" disabled={url.trim() === '' || busy !== null} onClick={() => void run('test')}>
            {busy === 'test' ? 'Testing…' : 'Test'}
          </button>
          <button type="submit" disabled={url.trim() === '' || busy !== null}>
            {busy === 'connect' ? 'Connecting…' : 'Connect'}
          </button>
          {status?.savedUrl && (
            <button type="button" className="secondary" disabled={busy !== null} onClick={() => void run('disconnect')}>
              {busy === 'disconnect' ? 'Disconnecting…' : 'Disconnect'}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function describe(status: TeamDatabaseStatus): string {
  const now =
    status.inUse === 'postgres'
      ? 'This Switchboard runs on a team database.'
      : 'This Switchboard keeps its data in this computer’s data directory.';
  if (!status.restartNeeded) return status.savedUrl ? `${now} Saved: ${status.savedUrl}.` : now;
  return status.savedUrl
    ? `${now} Saved: ${status.savedUrl}; restart Switchboard to use it.`
    : `${now} Disconnected; restart Switchboard to go back to this computer’s data.`;
}
