import { useRef, useState, type FormEvent } from 'react';
import { SecretValue } from '../../../../shared/operations';
import { Name } from '../../../../shared/slugs';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { fieldErrorsOf, focusFirstInvalid, saveErrorOf, type FieldErrors } from '../../components/form-errors';
import { ErrorBanner } from '../../components/error-banner';

/**
 * Enter a secret value: with a name to create one, without to rotate an existing one. The value
 * goes to the vault and is never shown again.
 */
export function SecretValueDialog({
  title,
  withName,
  submitLabel,
  onSubmit,
  onClose,
}: {
  title: string;
  withName: boolean;
  submitLabel: string;
  onSubmit(values: { name: string; value: string }): Promise<unknown>;
  onClose(): void;
}) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const next: FieldErrors = {};
    const parsedName = withName ? Name.safeParse(name) : null;
    if (parsedName && !parsedName.success) next.name = fieldErrorsOf(parsedName.error.issues)._ ?? 'invalid';
    const parsedValue = SecretValue.safeParse(value);
    if (!parsedValue.success) next.value = fieldErrorsOf(parsedValue.error.issues)._ ?? 'invalid';
    setErrors(next);
    focusFirstInvalid(formRef.current);
    if (Object.keys(next).length > 0) return;
    try {
      await onSubmit({ name: parsedName?.data ?? '', value });
      onClose();
    } catch (error) {
      const { fields, message } = saveErrorOf(error);
      setErrors(fields);
      focusFirstInvalid(formRef.current);
      setFormError(message);
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        {withName && (
          <Field label="Name" error={errors.name} hint="e.g. “Anthropic API key”.">
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
        )}
        <Field label="Value" error={errors.value} hint="Stored in the vault; Switchboard shows only a fingerprint from now on.">
          <input type="password" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" spellCheck={false} />
        </Field>
        <ErrorBanner message={formError} />
        <div className="form-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit">{submitLabel}</button>
        </div>
      </form>
    </Dialog>
  );
}
