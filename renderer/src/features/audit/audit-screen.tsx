import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { formatDateTime } from '../../components/format';
import { RemoteStatus } from '../../components/remote-status';
import { Screen } from '../../components/screen';
import { useAppStore } from '../../store/app-store';
import { AuditFilterBar } from './audit-filters';
import { actionInWords, actorInWords, auditCsv, changedInWords, matchesSearch, type NameIndex } from './audit-format';
import { downloadText } from './download-text';

/** Who changed what, newest first, in words; ids beside names. Never values, only the names of changed fields. */
export function AuditScreen() {
  const events = useAppStore((s) => s.auditEvents);
  const cursor = useAppStore((s) => s.auditCursor);
  const load = useAppStore((s) => s.loadAuditEvents);
  const names = useNames();
  const [search, setSearch] = useState('');
  useEffect(() => {
    void load();
  }, [load]);
  const shown = useMemo(() => (events.data ?? []).filter((e) => matchesSearch(e, names, search)), [events.data, names, search]);
  return (
    <Screen
      title="Audit log"
      description="Every change to providers, secrets, tokens and projects, with who made it."
      actions={
        <>
          <button
            type="button"
            className="secondary"
            disabled={shown.length === 0}
            onClick={() => downloadText(auditCsv(shown, names), 'switchboard-audit.csv', 'text/csv')}
          >
            Export CSV
          </button>
          <button type="button" className="secondary" onClick={() => void load()}>
            Refresh
          </button>
        </>
      }
    >
      <AuditFilterBar />
      <div className="field audit-search">
        <label htmlFor="audit-search">Search the events shown</label>
        <input
          id="audit-search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="nightly-ci, rotated…"
        />
      </div>
      <RemoteStatus remote={events} what="the audit log" onRetry={() => void load()} />
      {events.data?.length === 0 && <EmptyState title="No events match" />}
      {events.data && events.data.length > 0 && shown.length === 0 && <EmptyState title={`No event mentions “${search}”`} />}
      {shown.length > 0 && (
        <DataTable label="Audit events" className="audit-table" columns={['When', 'Who', 'What', 'Target id', 'Changed fields']}>
          {shown.map((event) => (
            <tr key={event.id}>
              <td className="nowrap">{formatDateTime(event.at)}</td>
              <td className="wrap-words">{actorInWords(event.actor, names)}</td>
              <td className="wrap-words">
                <span title={`Permission: ${event.action}`}>{actionInWords(event, names)}</span>
              </td>
              <td className="wrap-words">
                <code>{event.targetId}</code>
              </td>
              <td className="wrap-words">{changedInWords(event.changedFields)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {cursor && (
        <button type="button" className="secondary" onClick={() => void load(true)} disabled={events.loading}>
          Load older events
        </button>
      )}
    </Screen>
  );
}

const none: ReadonlyArray<{ id: string; name: string }> = [];

/** Names of the project's records by id, loaded with the screen. */
function useNames(): NameIndex {
  const loadProviders = useAppStore((s) => s.loadProviders);
  const loadSecrets = useAppStore((s) => s.loadSecrets);
  const loadTokens = useAppStore((s) => s.loadTokens);
  useEffect(() => {
    void loadProviders();
    void loadSecrets();
    void loadTokens();
  }, [loadProviders, loadSecrets, loadTokens]);
  const lists = useAppStore(
    useShallow((s) => [s.providers.data ?? none, s.secrets.data ?? none, s.tokens.data ?? none, s.projects.data ?? none] as const),
  );
  return useMemo(() => new Map(lists.flat().map((record) => [record.id, record.name])), [lists]);
}
