import { createPassThroughReader, type BodyReader } from './body-reader';
import { createEventStreamReader } from './event-stream-reader';
import { createJsonReader } from './json-reader';
import { createNdjsonReader } from './ndjson-reader';
import { createSseReader } from './sse-reader';

/** Picks the usage reader from the response's Content-Type, so gateways speaking any format are metered. */
export function chooseReader(
  contentType: string | undefined,
  model: string | null,
  options: { metered: boolean; hideUsageChunk: boolean },
): BodyReader {
  if (!options.metered) return createPassThroughReader(model);
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('text/event-stream')) return createSseReader(model, { hideUsageChunk: options.hideUsageChunk });
  if (type.startsWith('application/x-ndjson') || type.startsWith('application/ndjson') || type.startsWith('application/jsonl')) {
    return createNdjsonReader(model);
  }
  if (type.startsWith('application/vnd.amazon.eventstream')) return createEventStreamReader(model);
  return createJsonReader(model);
}
