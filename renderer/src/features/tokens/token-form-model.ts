import type { z } from 'zod';
import { CreateTokenInput, type TokenKind } from '../../../../shared/operations';
import type { Permission } from '../../../../shared/permissions';
import { fieldErrorsOf, type FieldErrors } from '../../components/form-errors';

export const labelNames = ['pipeline', 'build', 'job', 'branch'] as const;
export const expiryChoices = [
  { value: 'never', label: 'Never' },
  { value: '1', label: '1 day' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
] as const;

export interface TokenFormValues {
  name: string;
  kind: TokenKind;
  labels: Record<(typeof labelNames)[number], string>;
  allowedProviders: string[];
  permissions: Permission[];
  expiry: (typeof expiryChoices)[number]['value'];
  requestsPerMinute: string;
  inputTokensPerMinute: string;
  spendCapUsd: string;
}

export function emptyTokenForm(): TokenFormValues {
  return {
    name: '',
    kind: 'job',
    labels: { pipeline: '', build: '', job: '', branch: '' },
    allowedProviders: [],
    permissions: [],
    expiry: '30',
    requestsPerMinute: '',
    inputTokensPerMinute: '',
    spendCapUsd: '',
  };
}

/** Empty means "no limit"; anything else must be a number (the schema checks the range). */
function optionalNumber(text: string): number | null | string {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** Builds the contract's input from the form and checks it with the shared schema. */
export function validateTokenForm(
  values: TokenFormValues,
  now: Date,
): { input: z.input<typeof CreateTokenInput>; errors: null } | { input: null; errors: FieldErrors } {
  const labels = Object.fromEntries(
    Object.entries(values.labels)
      .filter(([, v]) => v.trim())
      .map(([k, v]) => [k, v.trim()]),
  );
  const expiresAt = values.expiry === 'never' ? null : new Date(now.getTime() + Number(values.expiry) * 86_400_000).toISOString();
  const input = {
    name: values.name,
    kind: values.kind,
    labels,
    allowedProviders: values.kind === 'job' ? values.allowedProviders : [],
    permissions: values.kind === 'api' ? values.permissions : [],
    expiresAt,
    limits: {
      requestsPerMinute: optionalNumber(values.requestsPerMinute),
      inputTokensPerMinute: optionalNumber(values.inputTokensPerMinute),
      spendCapUsd: optionalNumber(values.spendCapUsd),
    },
  } as z.input<typeof CreateTokenInput>;
  const parsed = CreateTokenInput.safeParse(input);
  if (parsed.success) {
    if (values.kind === 'api' && values.permissions.length === 0)
      return { input: null, errors: { permissions: 'choose at least one permission' } };
    return { input, errors: null };
  }
  return { input: null, errors: fieldErrorsOf(parsed.error.issues) };
}
