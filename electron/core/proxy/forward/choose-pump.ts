import type { UpstreamRequest } from '../prepare-upstream';
import type { BodyReader } from '../streaming/body-reader';
import { chooseReader } from '../streaming/choose-reader';
import type { BodyPump, PumpContext } from './body-pump';
import { PassThroughPump } from './pass-through-pump';
import type { ResponseHead } from './response-head';
import { RewritePump } from './rewrite-pump';
import { ScrubbedErrorPump } from './scrubbed-error-pump';

/** The usage reader for an upstream answer: by its Content-Type, metering nothing on an error. */
export function readerFor(request: UpstreamRequest, status: number, head: ResponseHead): BodyReader {
  const { plan } = request;
  const metered = plan.metered && status < 400;
  const reader = chooseReader(head.get('content-type'), plan.model, { metered, hideUsageChunk: plan.hideUsageChunk });
  if (metered && plan.usageFromHeaders) plan.usageFromHeaders((name) => head.get(name), reader.usage);
  return reader;
}

/** The pump for an upstream answer: scrubbed when it is an error that could echo the key, rewritten when the reader must change bytes, else passed through. */
export function choosePump(request: UpstreamRequest, context: PumpContext): BodyPump {
  const { credential } = request;
  if (context.status >= 400 && credential !== null && credential.length >= 8) return new ScrubbedErrorPump(context, credential);
  return context.reader.rewrites ? new RewritePump(context) : new PassThroughPump(context);
}
