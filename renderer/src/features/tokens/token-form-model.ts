import type { z } from 'zod';
import { CreateTokenInput, LabelName, Labels, TokenLimits, type Token, type TokenKind } from '../../../../shared/operations';
import { noTokenLimits } from '../../../../shared/operations/tokens';
import type { Permission } from '../../../../shared/permissions';
import { fieldErrorsOf, type FieldErrors } from '../../components/form-errors';
import { presetOf, presetPermissions, type PresetName } from './permission-presets';

export const labelNames = ['pipeline', 'build', 'job', 'branch'] as const;

/** Expiries in minutes, from 15 minutes (one CI job) up; "keep" leaves an edited token's expiry as it is. */
export const expiryChoices = [
  { value: '15', label: '15 minutes' },
  { value: '60', label: '1 hour' },
  { value: '480', label: '8 hours' },
  { value: '1440', label: '1 day' },
  { value: '10080', label: '7 days' },
  { value: '43200', label: '30 days' },
  { value: '129600', label: '90 days' },
  { value: 'never', label: 'Never' },
] as const;
export type ExpiryChoice = (typeof expiryChoices)[number]['value'] | 'keep';

/** A label beyond the four named ones, as typed. */
export interface ExtraLabel {
  name: string;
  value: string;
}

export interface TokenFormValues {
  name: string;
  kind: TokenKind;
  labels: Record<(typeof labelNames)[number], string>;
  extraLabels: ExtraLabel[];
  allowedProviders: string[];
  preset: PresetName;
  /** The ticked boxes; used when `preset` is custom. */
  permissions: Permission[];
  expiry: ExpiryChoice;
  requestsPerMinute: string;
  inputTokensPerMinute: string;
  spendCapUsd: string;
  /** Empty: no concurrency limit. */
  maxConcurrent: string;
  /** Empty: 0 (no waiting). */
  queueWaitSeconds: string;
  /** Empty: the default queue length. */
  maxQueued: string;
}

export function emptyTokenForm(): TokenFormValues {
  return {
    name: '',
    kind: 'job',
    labels: { pipeline: '', build: '', job: '', branch: '' },
    extraLabels: [],
    allowedProviders: [],
    preset: 'read-only',
    permissions: [],
    expiry: '43200',
    requestsPerMinute: '',
    inputTokensPerMinute: '',
    spendCapUsd: '',
    maxConcurrent: '',
    queueWaitSeconds: '',
    maxQueued: '',
  };
}

const numberText = (n: number | null) => (n === null ? '' : String(n));

/** A stored token in the form, to edit what can change after issue. */
export function tokenFormOf(token: Token): TokenFormValues {
  const named = new Set<string>(labelNames);
  return {
    ...emptyTokenForm(),
    name: token.name,
    kind: token.kind,
    labels: {
      pipeline: token.labels.pipeline ?? '',
      build: token.labels.build ?? '',
      job: token.labels.job ?? '',
      branch: token.labels.branch ?? '',
    },
    extraLabels: Object.entries(token.labels)
      .filter(([name]) => !named.has(name))
      .map(([name, value]) => ({ name, value })),
    allowedProviders: token.allowedProviders,
    preset: presetOf(token.permissions),
    permissions: token.permissions,
    expiry: 'keep',
    requestsPerMinute: numberText(token.limits.requestsPerMinute),
    inputTokensPerMinute: numberText(token.limits.inputTokensPerMinute),
    spendCapUsd: numberText(token.limits.spendCapUsd),
    maxConcurrent: numberText(token.limits.maxConcurrent),
    queueWaitSeconds: numberText(token.limits.queueWaitSeconds),
    maxQueued: numberText(token.limits.maxQueued),
  };
}

/** The permissions the form grants: the preset's, or the ticked boxes. */
export const chosenPermissions = (values: TokenFormValues): Permission[] =>
  values.preset === 'custom' ? values.permissions : [...presetPermissions[values.preset]];

/** Empty means "no limit"; anything else must be a number (the schema checks the range). */
function optionalNumber(text: string): number | null | string {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** The four named labels and the free-form ones, each checked; errors keyed `labels.<name>` or `extraLabels.<i>.name`. */
function labelsOf(values: TokenFormValues, errors: FieldErrors): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(values.labels)) if (value.trim()) labels[name] = value.trim();
  values.extraLabels.forEach((extra, index) => {
    const name = extra.name.trim();
    if (!name && !extra.value.trim()) return;
    const parsed = LabelName.safeParse(name);
    if (!name) errors[`extraLabels.${index}.name`] = 'name the label, or remove it';
    else if (!parsed.success) errors[`extraLabels.${index}.name`] = parsed.error.issues[0]?.message ?? 'invalid';
    else if (name in labels) errors[`extraLabels.${index}.name`] = `label ${name} is given twice`;
    else labels[name] = extra.value.trim();
  });
  const checked = Labels.safeParse(labels);
  if (!checked.success)
    for (const [path, message] of Object.entries(fieldErrorsOf(checked.error.issues))) errors[`labels.${path}`] ??= message;
  return labels;
}

const expiresAtOf = (expiry: ExpiryChoice, now: Date) =>
  expiry === 'never' ? null : new Date(now.getTime() + Number(expiry) * 60_000).toISOString();

/** Builds the contract's input for a new token from the form and checks it with the shared schema. */
export function validateTokenForm(
  values: TokenFormValues,
  now: Date,
): { input: z.input<typeof CreateTokenInput>; errors: null } | { input: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const labels = labelsOf(values, errors);
  const permissions = values.kind === 'api' ? chosenPermissions(values) : [];
  const input = {
    name: values.name,
    kind: values.kind,
    labels,
    allowedProviders: values.kind === 'job' ? values.allowedProviders : [],
    permissions,
    expiresAt: values.expiry === 'keep' ? null : expiresAtOf(values.expiry, now),
    limits: limitsOf(values),
  } as z.input<typeof CreateTokenInput>;
  const parsed = CreateTokenInput.safeParse(input);
  if (!parsed.success) for (const [path, message] of Object.entries(fieldErrorsOf(parsed.error.issues))) errors[path] ??= message;
  if (values.kind === 'api' && permissions.length === 0) errors.permissions ??= 'choose at least one permission';
  return Object.keys(errors).length > 0 ? { input: null, errors } : { input, errors: null };
}

function limitsOf(values: TokenFormValues) {
  return {
    requestsPerMinute: optionalNumber(values.requestsPerMinute),
    inputTokensPerMinute: optionalNumber(values.inputTokensPerMinute),
    spendCapUsd: optionalNumber(values.spendCapUsd),
    maxConcurrent: optionalNumber(values.maxConcurrent),
    queueWaitSeconds: optionalNumber(values.queueWaitSeconds) ?? noTokenLimits.queueWaitSeconds,
    maxQueued: optionalNumber(values.maxQueued) ?? noTokenLimits.maxQueued,
  } as z.input<typeof TokenLimits>;
}

/** What an edit sends: what can change after issue (kind and permissions are fixed with the value). */
export interface TokenEdit {
  name: string;
  allowedProviders?: string[];
  labels: Record<string, string>;
  limits: z.input<typeof TokenLimits>;
  expiresAt?: string | null;
}

export function validateTokenEdit(
  token: Token,
  values: TokenFormValues,
  now: Date,
): { edit: TokenEdit; errors: null } | { edit: null; errors: FieldErrors } {
  // Checked as a new token of the same kind and permissions: the same rules, field for field.
  const checked = validateTokenForm({ ...values, kind: token.kind, preset: 'custom', permissions: token.permissions }, now);
  if (checked.errors) return { edit: null, errors: checked.errors };
  const { input } = checked;
  return {
    edit: {
      name: input.name,
      ...(token.kind === 'job' ? { allowedProviders: input.allowedProviders ?? [] } : {}),
      labels: input.labels ?? {},
      limits: input.limits ?? {},
      ...(values.expiry === 'keep' ? {} : { expiresAt: expiresAtOf(values.expiry, now) }),
    },
    errors: null,
  };
}
