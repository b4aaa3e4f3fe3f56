import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';

/** Hop-by-hop headers a pass-through does not copy (lengths are kept: bodies pass byte for byte). */
export const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);

/** undici's legacy handler hooks are the ones its HTTP/1 client calls directly (the newer ones are adapted per request). */
export class PassThrough implements Dispatcher.DispatchHandler {
  private abort: ((error?: Error) => void) | null = null;
  constructor(readonly res: ServerResponse) {
    res.on('close', () => {
      if (!res.writableFinished) this.abort?.(new Error('client left'));
    });
  }
  onConnect(abort: (error?: Error) => void): void {
    this.abort = abort;
  }
  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    const headers: string[] = [];
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toString('latin1');
      if (!hopByHop.has(name.toLowerCase())) headers.push(name, raw[i + 1]!.toString('latin1'));
    }
    this.res.writeHead(status, headers);
    this.res.on('drain', resume);
    return true;
  }
  onData(chunk: Buffer): boolean {
    // Chunks parsed from one socket read leave in one write.
    if (!this.corked) {
      this.corked = true;
      this.res.cork();
      process.nextTick(uncork, this);
    }
    return this.res.write(chunk);
  }
  corked = false;
  onComplete(): void {
    this.res.end();
  }
  onError(): void {
    this.res.destroy();
  }
}
function uncork(handler: PassThrough): void {
  handler.corked = false;
  handler.res.uncork();
}
