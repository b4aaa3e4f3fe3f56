import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { relayMessage } from '../../electron/core/proxy/websocket/socket-relay';

/** A socket that holds what it is sent until `flush`, as a peer that reads slowly would make it. */
class HeldSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  isPaused = false;
  private readonly held: (() => void)[] = [];

  send(data: Buffer, _options: unknown, written: () => void): void {
    this.bufferedAmount += data.length;
    this.held.push(() => {
      this.bufferedAmount -= data.length;
      written();
    });
  }
  pause(): void {
    this.isPaused = true;
  }
  resume(): void {
    this.isPaused = false;
  }
  flush(): void {
    for (const write of this.held.splice(0)) write();
  }
}

const socket = (held: HeldSocket) => held as unknown as WebSocket;

describe('WebSocket relay back-pressure', () => {
  it('stops reading the sending side while the receiving side holds over 1 MiB unsent, and reads it again once that is written', () => {
    const from = new HeldSocket();
    const to = new HeldSocket();
    const frame = Buffer.alloc(64 * 1024);
    let relayed = 0;
    while (!from.isPaused && relayed < 64) {
      relayMessage(socket(from), socket(to), frame, true);
      relayed++;
    }
    expect(from.isPaused).toBe(true);
    expect(relayed).toBe(17); // 16 frames fill 1 MiB; the 17th passes it
    to.flush();
    expect(from.isPaused).toBe(false);
  });

  it('keeps reading while the receiving side keeps up', () => {
    const from = new HeldSocket();
    const to = new HeldSocket();
    for (let i = 0; i < 64; i++) {
      relayMessage(socket(from), socket(to), Buffer.alloc(64 * 1024), true);
      to.flush();
    }
    expect(from.isPaused).toBe(false);
  });
});
