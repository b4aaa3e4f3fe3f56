import { scrubbable } from '../credential-scrubber';
import type { UpstreamRequest } from '../prepare-upstream';
import { createPassThroughReader, type BodyReader } from '../streaming/body-reader';
import { chooseReader } from '../streaming/choose-reader';
import { createDecodingReader, decoderFor } from '../streaming/decoding-reader';
import type { BodyPump, PumpContext } from './body-pump';
import { PassThroughPump } from './pass-through-pump';
import type { ResponseHead } from './response-head';
import { RewritePump } from './rewrite-pump';
import { ScrubbedErrorPump } from './scrubbed-error-pump';

/**
 * The usage reader for an upstream answer: by its Content-Type, metering nothing on an error. An
 * encoded body (the proxy asks for identity, yet some gateways and CDNs compress anyway) is decoded
 * for metering only; one Node cannot decode is passed on unmetered, its usage unknown.
 */
export function readerFor(request: UpstreamRequest, status: number, head: ResponseHead): BodyReader {
  const { plan } = request;
  const metered = plan.metered && status < 400;
  const contentType = head.get('content-type');
  const decoder = metered ? decoderFor(head.get('content-encoding')) : undefined;
  let reader: BodyReader;
  if (decoder === undefined) reader = chooseReader(contentType, plan.model, { metered, hideUsageChunk: plan.hideUsageChunk });
  else if (decoder === null) reader = createPassThroughReader(plan.model);
  // Compressed bytes cannot be rewritten: the usage chunk is left in the stream.
  else reader = createDecodingReader(chooseReader(contentType, plan.model, { metered, hideUsageChunk: false }), decoder());
  const headerUsage = metered && plan.usageFromHeaders ? plan.usageFromHeaders(head.asObject()) : null;
  if (headerUsage) Object.assign(reader.usage, headerUsage, { reported: true });
  return reader;
}

/** The pump for an upstream answer: held whole and scrubbed when it is an error that could echo the key, rewritten when the reader must change bytes, else passed through. */
export function choosePump(request: UpstreamRequest, context: PumpContext): BodyPump {
  const { credential } = request;
  if (context.status >= 400 && scrubbable(credential)) return new ScrubbedErrorPump(context, credential);
  return context.reader.rewrites ? new RewritePump(context) : new PassThroughPump(context);
}
