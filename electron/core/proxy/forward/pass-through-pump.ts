import { BodyPump } from './body-pump';

/** Byte for byte, Content-Length kept; usage is read from the chunks after they left. */
export class PassThroughPump extends BodyPump {
  private unread: Buffer[] = [];

  start(): void {
    if (!this.exchange.clientGone) this.writeHead(true);
  }

  data(chunk: Buffer): boolean {
    if (this.exchange.clientGone) {
      this.reader.feed(chunk);
      return true;
    }
    this.unread.push(chunk);
    return this.write(chunk);
  }

  end(): void {
    if (!this.exchange.clientGone) this.endResponse();
    this.afterFlush();
    this.reader.end();
    this.done(this.context.status >= 400 ? 'upstream_error' : 'ok');
  }

  override fail(error: Error & { code?: string }): void {
    this.afterFlush();
    super.fail(error);
  }

  protected override afterFlush(): void {
    const chunks = this.unread;
    if (chunks.length === 0) return;
    this.unread = [];
    for (const chunk of chunks) this.reader.feed(chunk);
  }
}
