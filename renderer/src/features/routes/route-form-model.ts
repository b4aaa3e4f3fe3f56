import { CreateRouteInput, type OperationInput, type Route, type WireFamily } from '../../../../shared/operations';
import { fieldErrorsOf, type FieldErrors } from '../../components/form-errors';

/** One target row as the form edits it: text inputs stay text until saved. */
export interface TargetRow {
  aiProviderId: string;
  model: string;
  weight: string;
  pinFollowUps: boolean;
}

export interface RouteFormValues {
  name: string;
  family: WireFamily;
  strategy: 'fallback' | 'weighted';
  targets: TargetRow[];
  maxAttempts: string;
  attemptsPerTarget: string;
  maxWaitMs: string;
  failureThreshold: string;
  openMs: string;
}

export const familyLabels: Record<WireFamily, string> = {
  anthropic: 'Anthropic Messages',
  openai: 'OpenAI-compatible',
  gemini: 'Gemini',
  bedrock: 'Bedrock',
};

export const emptyTarget = (): TargetRow => ({ aiProviderId: '', model: '', weight: '1', pinFollowUps: false });

const defaults = CreateRouteInput.parse({ name: 'x', family: 'anthropic', targets: [{ aiProviderId: 'aip_0000000000000000' }] });

/** The form for a new route (the contract's defaults) or for editing `route`. */
export function routeFormValues(route: Route | null): RouteFormValues {
  const retry = route?.retry ?? defaults.retry;
  const breaker = route?.breaker ?? defaults.breaker;
  return {
    name: route?.name ?? '',
    family: route?.family ?? 'anthropic',
    strategy: route?.strategy ?? 'fallback',
    targets: route
      ? route.targets.map((t) => ({
          aiProviderId: t.aiProviderId,
          model: t.model ?? '',
          weight: String(t.weight),
          pinFollowUps: t.pinFollowUps,
        }))
      : [emptyTarget()],
    maxAttempts: String(retry.maxAttempts),
    attemptsPerTarget: String(retry.attemptsPerTarget),
    maxWaitMs: String(retry.maxWaitMs),
    failureThreshold: String(breaker.failureThreshold),
    openMs: String(breaker.openMs),
  };
}

/** The values as the contract's input, checked by its own schema; field errors named by their paths. */
export function validateRouteForm(
  values: RouteFormValues,
  current: Route | null,
): { input: OperationInput<'createRoute'>; errors?: undefined } | { errors: FieldErrors } {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const input = {
    name: values.name,
    family: values.family,
    strategy: values.strategy,
    targets: values.targets.map((t) => ({
      aiProviderId: t.aiProviderId,
      model: t.model.trim() === '' ? null : t.model.trim(),
      weight: number(t.weight),
      pinFollowUps: t.pinFollowUps,
    })),
    retry: {
      ...(current?.retry ?? defaults.retry),
      maxAttempts: number(values.maxAttempts),
      attemptsPerTarget: number(values.attemptsPerTarget),
      maxWaitMs: number(values.maxWaitMs),
    },
    breaker: {
      ...(current?.breaker ?? defaults.breaker),
      failureThreshold: number(values.failureThreshold),
      openMs: number(values.openMs),
    },
  };
  const parsed = CreateRouteInput.safeParse(input);
  if (!parsed.success) return { errors: fieldErrorsOf(parsed.error.issues) };
  return { input };
}
