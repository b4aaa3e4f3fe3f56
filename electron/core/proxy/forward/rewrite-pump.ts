import { BodyPump } from './body-pump';

/** Through the reader, which may hold bytes back or drop some (the usage-only chunk): no Content-Length. */
export class RewritePump extends BodyPump {
  start(): void {
    if (!this.exchange.clientGone) this.writeHead(false);
  }

  data(chunk: Buffer): boolean {
    const out = this.reader.feed(chunk);
    if (!out || this.exchange.clientGone) return true;
    return this.write(out);
  }

  end(): void {
    const tail = this.reader.end();
    if (!this.exchange.clientGone) this.endResponse(tail);
    this.done(this.context.status >= 400 ? 'upstream_error' : 'ok');
  }
}
