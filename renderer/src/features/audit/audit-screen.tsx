import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { formatDateTime } from '../../components/format';
import { RemoteStatus } from '../../components/remote-status';
import { Screen } from '../../components/screen';
import { useAppStore } from '../../store/app-store';

const actorLabels: Record<string, string> = { desktop: 'Desktop app', admin: 'Admin UI', cli: 'Command line' };

/** Who changed what, newest first. Never values, only the names of changed fields. */
export function AuditScreen() {
  const events = useAppStore((s) => s.auditEvents);
  const cursor = useAppStore((s) => s.auditCursor);
  const load = useAppStore((s) => s.loadAuditEvents);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Screen
      title="Audit log"
      description="Every change to providers, secrets, tokens and projects, with who made it."
      actions={
        <button type="button" className="secondary" onClick={() => void load()}>
          Refresh
        </button>
      }
    >
      <RemoteStatus remote={events} what="the audit log" onRetry={() => void load()} />
      {events.data?.length === 0 && <EmptyState title="Nothing has changed yet" />}
      {events.data && events.data.length > 0 && (
        <>
          <div className="table-scroll">
            <table className="data-table" aria-label="Audit events">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Changed</th>
                </tr>
              </thead>
              <tbody>
                {events.data.map((event) => (
                  <tr key={event.id}>
                    <td className="nowrap">{formatDateTime(event.at)}</td>
                    <td>{actorLabels[event.actor] ?? <code>{event.actor}</code>}</td>
                    <td>
                      <code>{event.action}</code>
                    </td>
                    <td>
                      {event.targetType} <code>{event.targetId}</code>
                    </td>
                    <td>{event.changedFields.join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {cursor && (
            <button type="button" className="secondary" onClick={() => void load(true)} disabled={events.loading}>
              Load older events
            </button>
          )}
        </>
      )}
    </Screen>
  );
}
