import { BodyPump } from './body-pump';

/**
 * Byte for byte, Content-Length kept. Usage is read from each chunk after it left: the chunks wait
 * in `unread` and are parsed on the next tick, behind the flush of the response socket.
 */
export class PassThroughPump extends BodyPump {
  private unread: Buffer[] = [];

  start(): void {
    if (!this.exchange.clientGone) this.writeHead(true);
  }

  data(chunk: Buffer): boolean {
    if (this.unread.length === 0) process.nextTick(readUsage, this);
    this.unread.push(chunk);
    return this.exchange.clientGone || this.write(chunk);
  }

  end(): void {
    this.readUsage();
    if (!this.exchange.clientGone) this.exchange.res.end();
    this.reader.end();
    this.done(this.context.status >= 400 ? 'upstream_error' : 'ok');
  }

  override fail(error: Error & { code?: string }): void {
    this.readUsage();
    super.fail(error);
  }

  readUsage(): void {
    const chunks = this.unread;
    if (chunks.length === 0) return;
    this.unread = [];
    for (const chunk of chunks) this.reader.feed(chunk);
  }
}

function readUsage(pump: PassThroughPump): void {
  pump.readUsage();
}
