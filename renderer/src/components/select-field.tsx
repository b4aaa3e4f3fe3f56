import type { ReactNode } from 'react';
import { Field } from './field';

export interface SelectOption<V extends string> {
  value: V;
  label: ReactNode;
}

/**
 * A labelled `<select>` over a list of options, with an optional first "none chosen" option whose
 * value is the empty string: the filter bars' and forms' one way to offer a choice.
 */
export function SelectField<V extends string>({
  label,
  value,
  onChange,
  options,
  emptyLabel,
  id,
  hint,
  error,
  required,
  disabled,
}: {
  label: string;
  value: V | '';
  onChange(value: V | ''): void;
  options: readonly SelectOption<V>[];
  /** The label of the leading empty-value option ("All tokens", "Choose…"); none when omitted. */
  emptyLabel?: string;
  id?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  disabled?: boolean;
}) {
  return (
    <Field label={label} id={id} hint={hint} error={error}>
      <select value={value} onChange={(event) => onChange(event.target.value as V | '')} required={required} disabled={disabled}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
