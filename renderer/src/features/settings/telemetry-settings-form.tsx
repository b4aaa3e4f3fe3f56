import { useEffect, useState, type FormEvent } from 'react';
import type { OperationInput, TelemetrySettings } from '../../../../shared/operations';
import { useApi } from '../../api/api-context';
import { ErrorBanner } from '../../components/error-banner';
import { useSettingsSave } from './use-settings-save';
import { Field } from '../../components/field';
import { saveErrorOf, type FieldErrors } from '../../components/form-errors';

type HeaderChange = NonNullable<OperationInput<'updateTelemetrySettings'>['headers']>[number];

/** The first error under `prefix` (`headers.0.value` is shown on the header fields). */
const errorUnder = (errors: FieldErrors, prefix: string) =>
  Object.entries(errors).find(([path]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];

/**
 * OpenTelemetry export: on or off, where to, under which service name, with which headers. Header
 * values are written once and never shown again (they live in the vault); applied at once.
 */
export function TelemetrySettingsForm() {
  const api = useApi();
  const [settings, setSettings] = useState<TelemetrySettings | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [endpoint, setEndpoint] = useState('');
  const [serviceName, setServiceName] = useState('');
  const [headerName, setHeaderName] = useState('');
  const [headerValue, setHeaderValue] = useState('');
  const [removed, setRemoved] = useState<string[]>([]);
  const { errors, setErrors, message, setMessage, saved, setSaved, save } = useSettingsSave();

  const show = (next: TelemetrySettings) => {
    setSettings(next);
    setEnabled(next.enabled);
    setEndpoint(next.endpoint ?? '');
    setServiceName(next.serviceName);
    setHeaderName('');
    setHeaderValue('');
    setRemoved([]);
  };
  useEffect(() => {
    api.call('getTelemetrySettings', {}).then(show, (e: unknown) => setMessage(saveErrorOf(e).message));
  }, [api, setMessage]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const local: FieldErrors = {};
    if (enabled && !endpoint.trim()) local.endpoint = 'must be set to export';
    if (headerName.trim() && !headerValue) local.headers = 'a header needs a value';
    if (!headerName.trim() && headerValue) local.headers = 'a header needs a name';
    if (Object.keys(local).length > 0) return setErrors(local);
    const headers: HeaderChange[] = removed.map((name) => ({ name, value: null }));
    if (headerName.trim()) headers.push({ name: headerName.trim(), value: headerValue });
    await save(async () => {
      show(
        await api.call('updateTelemetrySettings', {
          enabled,
          endpoint: endpoint.trim() || null,
          serviceName: serviceName.trim(),
          ...(headers.length > 0 ? { headers } : {}),
        }),
      );
    });
  }

  if (!settings) return <ErrorBanner message={message} />;
  const kept = settings.headers.filter((header) => !removed.includes(header.name));
  return (
    <section aria-labelledby="telemetry-title" className="settings-section">
      <h2 id="telemetry-title">OpenTelemetry export</h2>
      <p className="field-hint">
        A span per request (and per attempt of a route) and the GenAI metrics, over OTLP/HTTP. Changes apply at once. Standard{' '}
        <code>OTEL_*</code> environment variables override these settings.
      </p>
      {settings.overriddenBy.length > 0 && (
        <p className="banner banner-warning" role="status">
          Overridden by this gateway&apos;s environment: {settings.overriddenBy.join(', ')}.
        </p>
      )}
      <form className="form settings-form" onSubmit={onSubmit} noValidate aria-label="OpenTelemetry settings">
        <label className="choice">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Export traces and metrics
        </label>
        <div className="field-row">
          <Field label="OTLP endpoint" error={errors.endpoint} hint="The collector's base URL; /v1/traces and /v1/metrics are added.">
            <input type="url" placeholder="https://otlp.example.com" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />
          </Field>
          <Field label="Protocol" hint="http/json: the OTLP exporter installed speaks JSON over HTTP.">
            <select value={settings.protocol} disabled>
              <option value="http/json">http/json</option>
            </select>
          </Field>
          <Field label="Service name" error={errors.serviceName}>
            <input value={serviceName} onChange={(e) => setServiceName(e.target.value)} />
          </Field>
        </div>
        <fieldset className="choice-group">
          <legend>Headers</legend>
          {kept.length === 0 ? (
            <p className="field-hint">No headers are sent.</p>
          ) : (
            <ul className="plain-list">
              {kept.map((header) => (
                <li key={header.name}>
                  <code>{header.name}</code> set (kept in the vault, never shown){' '}
                  <button type="button" className="secondary" onClick={() => setRemoved([...removed, header.name])}>
                    Remove {header.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="field-row">
            <Field label="Header name" error={errorUnder(errors, 'headers')} hint="Adds a header, or replaces one of that name.">
              <input placeholder="authorization" value={headerName} onChange={(e) => setHeaderName(e.target.value)} />
            </Field>
            <Field label="Header value" hint="Stored in the vault; shown afterwards only as set.">
              <input type="password" autoComplete="off" value={headerValue} onChange={(e) => setHeaderValue(e.target.value)} />
            </Field>
          </div>
        </fieldset>
        <p className="field-hint" role="status">
          {settings.exporting ? 'Exporting now.' : 'Not exporting.'}
        </p>
        <ErrorBanner message={message} />
        <div className="form-actions">
          {saved && (
            <span role="status" className="text-ok">
              Saved and applied.
            </span>
          )}
          <button type="submit">Save OpenTelemetry settings</button>
        </div>
      </form>
    </section>
  );
}
