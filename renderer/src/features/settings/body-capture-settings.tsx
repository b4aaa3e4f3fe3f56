import { useEffect, useState, type FormEvent } from 'react';
import { maxBodyCaptureDays, type BodyCapture } from '../../../../shared/operations';
import { useApi } from '../../api/api-context';
import { ErrorBanner } from '../../components/error-banner';
import { useSettingsSave } from './use-settings-save';
import { Field } from '../../components/field';
import { saveErrorOf } from '../../components/form-errors';
import { useAppStore } from '../../store/app-store';

/** Whether the current project keeps request and response bodies, and for how many days (off by default). */
export function BodyCaptureSettings() {
  const api = useApi();
  const projectId = useAppStore((s) => s.currentProjectId);
  const [capture, setCapture] = useState<BodyCapture | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [days, setDays] = useState('7');
  const { errors, setErrors, message, setMessage, saved, setSaved, save } = useSettingsSave();

  const show = (next: BodyCapture) => {
    setCapture(next);
    setEnabled(next.enabled);
    if (next.days !== null) setDays(String(next.days));
  };
  useEffect(() => {
    if (projectId) api.call('getBodyCapture', { projectId }).then(show, (e: unknown) => setMessage(saveErrorOf(e).message));
  }, [api, projectId, setMessage]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (!projectId) return;
    const n = Number(days);
    if (enabled && !(Number.isInteger(n) && n >= 1 && n <= maxBodyCaptureDays)) {
      return setErrors({ days: `must be a whole number from 1 to ${maxBodyCaptureDays}` });
    }
    await save(async () => {
      show(await api.call('updateBodyCapture', enabled ? { projectId, enabled, days: n } : { projectId, enabled }));
    });
  }

  if (!capture) return <ErrorBanner message={message} />;
  return (
    <section aria-labelledby="body-capture-title" className="settings-section">
      <h2 id="body-capture-title">Request bodies</h2>
      <p className="field-hint">
        For this project, keep each request&apos;s and response&apos;s body for debugging: keys and tokens redacted, at most 64 KiB each,
        shown in the Requests screen&apos;s detail panel to those allowed to read them. Off by default; bodies hold prompts and answers.
      </p>
      <form className="inline-form" onSubmit={onSubmit} noValidate aria-label="Request body capture">
        <label className="choice">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Keep request and response bodies
        </label>
        <Field label="Days kept" error={errors.days} hint={`1 to ${maxBodyCaptureDays}; pruned after that.`}>
          <input inputMode="numeric" value={days} disabled={!enabled} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <button type="submit">Save</button>
        {saved && (
          <span role="status" className="text-ok">
            Saved.
          </span>
        )}
      </form>
      <ErrorBanner message={message} />
    </section>
  );
}
