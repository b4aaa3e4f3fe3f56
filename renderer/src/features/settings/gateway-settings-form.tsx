import { useEffect, useState, type FormEvent } from 'react';
import type { GatewaySettings } from '../../../../shared/operations';
import { useApi } from '../../api/api-context';
import { ErrorBanner } from '../../components/error-banner';
import { useSettingsSave } from './use-settings-save';
import { Field } from '../../components/field';
import { saveErrorOf } from '../../components/form-errors';
import { formatBytes } from './format-bytes';

const logLevels = ['debug', 'info', 'warn', 'error'] as const;

/** The port (applied on restart, with the agent endpoint it will give) and the log level (at once). */
export function GatewaySettingsForm() {
  const api = useApi();
  const [settings, setSettings] = useState<GatewaySettings | null>(null);
  const [port, setPort] = useState('');
  const [logLevel, setLogLevel] = useState<GatewaySettings['logLevel']>('info');
  const { errors, setErrors, message, setMessage, saved, setSaved, save } = useSettingsSave();

  const show = (next: GatewaySettings) => {
    setSettings(next);
    setPort(next.port === null ? '' : String(next.port));
    setLogLevel(next.logLevel);
  };
  useEffect(() => {
    api.call('getGatewaySettings', {}).then(show, (e: unknown) => setMessage(saveErrorOf(e).message));
  }, [api, setMessage]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const portNumber = Number(port);
    if (!/^\d+$/.test(port.trim())) return setErrors({ port: 'must be a whole number such as 8787' });
    await save(async () => {
      show(await api.call('updateGatewaySettings', { port: portNumber, logLevel }));
    });
  }

  if (!settings) return <ErrorBanner message={message} />;
  const restartNeeded = settings.port !== null && settings.port !== settings.listeningPort;
  return (
    <form className="form settings-form" onSubmit={onSubmit} noValidate aria-label="Gateway settings">
      <div className="field-row">
        <Field
          label="Port"
          error={errors.port}
          hint={
            settings.agentEndpointAfterRestart
              ? `Applied on restart; pipelines then use ${settings.agentEndpointAfterRestart}`
              : 'Applied on restart.'
          }
        >
          <input inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
        </Field>
        <Field label="Log level" error={errors.logLevel} hint="Applied at once, and kept for the next start.">
          <select value={logLevel} onChange={(e) => setLogLevel(e.target.value as GatewaySettings['logLevel'])}>
            {logLevels.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p className="field-hint">
        Data directory <code>{settings.dataDir}</code>, {formatBytes(settings.dataDirBytes)}.
      </p>
      {restartNeeded && (
        <p className="banner banner-warning" role="status">
          Listening on port {settings.listeningPort} until the next start, then on {settings.port}.
        </p>
      )}
      <ErrorBanner message={message} />
      <div className="form-actions">
        {saved && (
          <span role="status" className="text-ok">
            Saved.
          </span>
        )}
        <button type="submit">Save settings</button>
      </div>
    </form>
  );
}
