import type { UpstreamRequest } from '../prepare-upstream';
import { chooseReader } from '../streaming/choose-reader';
import type { BodyPump, PumpContext } from './body-pump';
import { PassThroughPump } from './pass-through-pump';
import { RewritePump } from './rewrite-pump';
import { ScrubbedErrorPump } from './scrubbed-error-pump';

/** The pump for an upstream answer: scrubbed when it is an error that could echo the key, rewritten when the reader must change bytes, else passed through. */
export function choosePump(request: UpstreamRequest, context: Omit<PumpContext, 'reader'>): BodyPump {
  const failed = context.status >= 400;
  const { plan, credential } = request;
  const reader = chooseReader(context.head.get('content-type'), plan.model, { metered: plan.metered && !failed, hideUsageChunk: plan.hideUsageChunk });
  if (plan.usageFromHeaders && plan.metered && !failed) plan.usageFromHeaders((name) => context.head.get(name), reader.usage);
  const full = { ...context, reader };
  if (failed && credential !== null && credential.length >= 8) return new ScrubbedErrorPump(full, credential);
  return reader.rewrites ? new RewritePump(full) : new PassThroughPump(full);
}
