import { maxCapturedBodyBytes, type CapturedBody, type RequestBodies } from '../../../shared/operations';
import type { Logger } from '../log';
import { redactBody } from './body-redaction';

/**
 * Room kept beyond the bound so a secret that straddles it is still whole when redacted; the text
 * is cut to the bound only after redaction.
 */
const slack = 512;
const keptBytes = maxCapturedBodyBytes + slack;

/**
 * What one exchange captures while it runs, for a project that keeps bodies: the client's request
 * bytes as sent, and the response bytes as they went to the client (a stream assembled), both
 * bounded. Only exchanges of such a project carry one; for the others the proxy does nothing more
 * than check that it is absent.
 */
export class BodyCapture {
  request: Buffer | null = null;
  private readonly chunks: Buffer[] = [];
  private held = 0;
  /** Every response byte, kept or not. */
  responseBytes = 0;
  responseSeen = false;
  /** The response's content-encoding when it is not plain (such a body is not kept). */
  encoding: string | null = null;
  /** The credential of the call that answered: scrubbed from both bodies. */
  credential: string | null = null;

  constructor(readonly days: number) {}

  response(bytes: Buffer | string): void {
    this.responseSeen = true;
    const length = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
    this.responseBytes += length;
    if (this.held >= keptBytes || length === 0) return;
    const chunk = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    const part = chunk.length > keptBytes - this.held ? chunk.subarray(0, keptBytes - this.held) : chunk;
    // A copy: the proxy may reuse or pool the chunk it wrote.
    this.chunks.push(Buffer.from(part));
    this.held += part.length;
  }

  responseBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.held);
  }
}

/** One side, redacted, then cut to the bound with a marker saying how much there was. */
function keep(bytes: Buffer, total: number, credential: string | null): CapturedBody {
  const text = redactBody(bytes.subarray(0, keptBytes).toString('utf8'), credential);
  const whole = Buffer.from(text);
  if (total <= maxCapturedBodyBytes && whole.length <= maxCapturedBodyBytes) return { text, truncated: false, bytes: total };
  const bounded = whole.subarray(0, maxCapturedBodyBytes).toString('utf8');
  return { text: `${bounded}\n[truncated: ${total} bytes in all, the first ${maxCapturedBodyBytes} kept]`, truncated: true, bytes: total };
}

/** The pair as it is stored: redacted, bounded, with its expiry. */
export function capturedBodies(capture: BodyCapture, row: { requestId: string; projectId: string; at: string }): RequestBodies {
  const response: CapturedBody | null = !capture.responseSeen
    ? null
    : capture.encoding
      ? { text: `[${capture.encoding}-encoded body, not kept]`, truncated: true, bytes: capture.responseBytes }
      : keep(capture.responseBuffer(), capture.responseBytes, capture.credential);
  return {
    requestId: row.requestId,
    projectId: row.projectId,
    at: row.at,
    expiresAt: new Date(Date.parse(row.at) + capture.days * 86_400_000).toISOString(),
    request: capture.request ? keep(capture.request, capture.request.length, capture.credential) : null,
    response,
  };
}

/**
 * Writes captured pairs in batches, after the answers have left: redaction and the write happen
 * on a timer, never while a client waits. A batch the store refuses is logged and dropped (bodies
 * are a debugging aid, never worth holding up usage).
 */
export function createBodyKeeper(deps: { append(rows: RequestBodies[]): Promise<void>; log: Logger; flushMs?: number }) {
  let queue: Array<{ capture: BodyCapture; row: { requestId: string; projectId: string; at: string } }> = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return writing;
    writing = writing
      .then(() => deps.append(batch.map(({ capture, row }) => capturedBodies(capture, row))))
      .catch((error: unknown) => {
        deps.log.error('captured bodies could not be written', { pairs: batch.length, message: (error as Error).message.slice(0, 200) });
      });
    return writing;
  }

  return {
    keep(capture: BodyCapture, row: { requestId: string; projectId: string; at: string }): void {
      queue.push({ capture, row });
      if (queue.length >= 200) void flush();
      else timer ??= setTimeout(flush, deps.flushMs ?? 100);
    },
    /** Writes what is queued (tests; shutdown). */
    flush,
  };
}
export type BodyKeeper = ReturnType<typeof createBodyKeeper>;
