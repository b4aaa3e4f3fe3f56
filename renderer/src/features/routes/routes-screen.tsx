import { useEffect, useState } from 'react';
import type { Route } from '../../../../shared/operations';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { RemoteStatus } from '../../components/remote-status';
import { Screen } from '../../components/screen';
import { useAppStore } from '../../store/app-store';
import { KeyPoolsTable } from './key-pools-table';
import { familyLabels } from './route-form-model';
import { RouteForm } from './route-form';
import { BreakerBadge } from './route-health';

/** Routes: named virtual providers with fallback targets, their breakers, and the key pools' keys. */
export function RoutesScreen() {
  const routes = useAppStore((s) => s.routes);
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const breakers = useAppStore((s) => s.status?.upstreamHealth.breakers) ?? [];
  const loadRoutes = useAppStore((s) => s.loadRoutes);
  const loadProviders = useAppStore((s) => s.loadProviders);
  const [editing, setEditing] = useState<Route | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Route | null>(null);
  const nameOf = (id: string) => providers.find((p) => p.id === id)?.name ?? id;

  useEffect(() => {
    void loadRoutes();
    void loadProviders();
  }, [loadRoutes, loadProviders]);

  return (
    <Screen
      title="Routes"
      description="A route is a virtual provider (/v3/ai/<route>/…) that tries its targets in turn: retries before the first byte, fallbacks within one wire family, circuit breakers per target."
      actions={
        <button type="button" onClick={() => setEditing('new')}>
          New route
        </button>
      }
    >
      <RemoteStatus remote={routes} what="routes" onRetry={() => void loadRoutes()} />
      {routes.data?.length === 0 && (
        <EmptyState title="No routes yet">
          <p>Create a route over two providers of one family, and point clients at it instead of at one provider.</p>
        </EmptyState>
      )}
      {routes.data && routes.data.length > 0 && (
        <DataTable
          label="Routes"
          columns={['Name', 'Family', 'Strategy', 'Targets and breakers', 'Retries', { label: 'Actions', hidden: true }]}
        >
          {routes.data.map((route) => (
            <tr key={route.id}>
              <th scope="row">
                <code>{route.name}</code>
              </th>
              <td>{familyLabels[route.family]}</td>
              <td>{route.strategy === 'weighted' ? 'Weighted' : 'Fallback'}</td>
              <td>
                <ol className="route-targets">
                  {route.targets.map((target) => (
                    <li key={target.aiProviderId}>
                      {nameOf(target.aiProviderId)}
                      {target.model && <span className="muted"> → {target.model}</span>}
                      {route.strategy === 'weighted' && <span className="muted"> ×{target.weight}</span>}{' '}
                      <BreakerBadge breaker={breakers.find((b) => b.routeId === route.id && b.aiProviderId === target.aiProviderId)} />
                    </li>
                  ))}
                </ol>
              </td>
              <td>
                {route.retry.maxAttempts - 1} retr{route.retry.maxAttempts === 2 ? 'y' : 'ies'}
              </td>
              <td className="row-actions">
                <button type="button" className="secondary" onClick={() => setEditing(route)} aria-label={`Edit ${route.name}`}>
                  Edit
                </button>
                <button type="button" className="danger" onClick={() => setDeleting(route)} aria-label={`Delete ${route.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <KeyPoolsTable />
      {editing && <RouteForm route={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && <DeleteRouteDialog route={deleting} onClose={() => setDeleting(null)} />}
    </Screen>
  );
}

function DeleteRouteDialog({ route, onClose }: { route: Route; onClose(): void }) {
  const deleteRoute = useAppStore((s) => s.deleteRoute);
  return (
    <ConfirmDialog
      title={`Delete route ${route.name}?`}
      confirmLabel="Delete route"
      onConfirm={() => deleteRoute(route.id)}
      onClose={onClose}
    >
      <p>Clients calling /v3/ai/{route.name}/… get 404 from now on. The providers stay.</p>
    </ConfirmDialog>
  );
}
