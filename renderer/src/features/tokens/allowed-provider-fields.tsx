import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';

const toggle = (list: string[], item: string) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

/**
 * What a job token may call: the project's AI providers (by id) and its routes (by name, as the
 * proxy checks them), each group under its own heading so a route is never mistaken for a provider.
 */
export function AllowedProviderFields({
  allowed,
  error,
  onChange,
}: {
  allowed: string[];
  error: string | undefined;
  onChange(allowed: string[]): void;
}) {
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const routes = useAppStore((s) => s.routes.data) ?? [];
  const loadRoutes = useAppStore((s) => s.loadRoutes);
  useEffect(() => void loadRoutes(), [loadRoutes]);

  return (
    <fieldset className="choice-group">
      <legend>Allowed providers and routes</legend>
      <p className="field-hint">None ticked: every provider and route of this project.</p>
      {providers.length === 0 && <p className="muted">This project has no providers yet.</p>}
      {providers.map((p) => (
        <label key={p.id} className="choice choice-inline">
          <input type="checkbox" checked={allowed.includes(p.id)} onChange={() => onChange(toggle(allowed, p.id))} />
          {p.name} <span className="muted">({p.provider})</span>
        </label>
      ))}
      {routes.length > 0 && (
        <div role="group" aria-labelledby="allowed-routes-heading">
          <p id="allowed-routes-heading" className="field-hint">
            Routes (named in the token by route name)
          </p>
          {routes.map((r) => (
            <label key={r.id} className="choice choice-inline">
              <input type="checkbox" checked={allowed.includes(r.name)} onChange={() => onChange(toggle(allowed, r.name))} />
              {r.name} <span className="muted">(route, {r.targets.length === 1 ? '1 target' : `${r.targets.length} targets`})</span>
            </label>
          ))}
        </div>
      )}
      {error && <p className="field-error">Allowed providers: {error}</p>}
    </fieldset>
  );
}
