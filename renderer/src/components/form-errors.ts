import type { z } from 'zod';
import { ApiError } from '../api/api-error';

/** Field path → first message, from a zod parse or from the server's `validation_failed` details. */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '_';
    errors[path] ??= issue.code === 'too_small' && issue.minimum === 1 && issue.origin === 'string' ? 'must not be empty' : issue.message;
  }
  return errors;
}

/** A failed save: field errors when the server named fields, otherwise one message for the form. */
export function saveErrorOf(error: unknown): { fields: FieldErrors; message: string } {
  if (error instanceof ApiError && error.code === 'validation_failed' && Array.isArray(error.details)) {
    const fields: FieldErrors = {};
    for (const detail of error.details as Array<{ path?: string; message?: string }>) {
      if (detail.path !== undefined && detail.message) fields[detail.path || '_'] ??= detail.message;
    }
    return { fields, message: error.message };
  }
  return { fields: {}, message: error instanceof Error ? error.message : String(error) };
}

/** Moves focus to the first invalid control of a form, after React has rendered the errors. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
