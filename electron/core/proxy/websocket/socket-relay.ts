import type { RawData, WebSocket } from 'ws';

/** Past this many bytes waiting to be written to one side, the other side is no longer read. */
const highWaterBytes = 1024 * 1024;

/**
 * Sends a message on `to`, with back-pressure: while `to` holds more than the high-water mark
 * unsent, `from` is paused (its socket stops being read, so its sender is slowed by TCP), and it
 * is resumed once `to` has written enough of it out.
 */
export function relayMessage(from: WebSocket, to: WebSocket, data: RawData | string, binary: boolean): void {
  if (to.readyState !== to.OPEN) return;
  to.send(data, { binary }, () => {
    if (from.isPaused && to.bufferedAmount < highWaterBytes / 2) from.resume();
  });
  if (to.bufferedAmount > highWaterBytes && !from.isPaused) from.pause();
}

/** Close codes an endpoint may send (RFC 6455 §7.4); any other one is passed on as 1011. */
export function sendableCloseCode(code: number): number {
  return code === 1000 ||
    code === 1001 ||
    code === 1003 ||
    code === 1007 ||
    code === 1008 ||
    code === 1009 ||
    code === 1011 ||
    (code >= 3000 && code <= 4999)
    ? code
    : 1011;
}

/** A close reason within the 123 bytes a close frame allows. */
export function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}
