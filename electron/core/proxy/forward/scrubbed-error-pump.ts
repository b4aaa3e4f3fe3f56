import { scrubText } from '../credential-scrubber';
import { errorMessageOf } from '../error-message';
import { BodyPump, type PumpContext } from './body-pump';

const maxErrorBodyBytes = 256 * 1024;

/**
 * An upstream error body, held whole (they are small, and bounded here) so an echoed credential is
 * replaced before the client sees any of it.
 */
export class ScrubbedErrorPump extends BodyPump {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(
    context: PumpContext,
    private readonly credential: string,
  ) {
    super(context);
  }

  start(): void {}

  data(chunk: Buffer): boolean {
    this.reader.feed(chunk);
    if (this.size < maxErrorBodyBytes) this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  end(): void {
    this.reader.end();
    const text = scrubText(Buffer.concat(this.chunks).toString('utf8'), this.credential);
    this.exchange.errorMessage = errorMessageOf(text, this.context.status);
    if (!this.exchange.clientGone) {
      this.writeHead(false);
      this.endWith(text);
    }
    this.chunks = [];
    this.done('upstream_error');
  }
}
