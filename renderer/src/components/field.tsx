import { cloneElement, useId, type ReactElement } from 'react';

type Control = ReactElement<{ id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }>;

/** A labelled form control with an optional hint and its validation message (naming the field), wired for screen readers. */
export function Field({
  label,
  hint,
  error,
  id: fixedId,
  children,
}: {
  label: string;
  hint?: string;
  error?: string;
  /** A stable id, where a filter bar's control keeps one; a generated one otherwise. */
  id?: string;
  children: Control;
}) {
  const generatedId = useId();
  const id = fixedId ?? generatedId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {/* The field's name first: "Name: must not be empty" reads right out of context too. */}
          {label}: {error}
        </p>
      )}
    </div>
  );
}
