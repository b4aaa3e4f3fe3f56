import { createServer } from 'node:net';
import { describeListenError } from '../core/http/listen';

/** What the admin picked when the port was taken. Port 0 means "any free port". */
export type PortChoice = { kind: 'port'; port: number } | { kind: 'quit' };

export interface PortConflict {
  port: number;
  /** A free port found near the wanted one, or null when none was found. */
  suggestion: number | null;
  /** The sentence to show, e.g. "Port 8787 on 127.0.0.1 is already in use…". */
  message: string;
}

/** The dialog's buttons for a conflict, as data: label and what choosing it means. */
export function portConflictButtons(conflict: PortConflict): Array<{ label: string; choice: PortChoice }> {
  const buttons: Array<{ label: string; choice: PortChoice }> = [];
  if (conflict.suggestion !== null)
    buttons.push({ label: `Use port ${conflict.suggestion}`, choice: { kind: 'port', port: conflict.suggestion } });
  buttons.push({ label: 'Use any free port', choice: { kind: 'port', port: 0 } });
  buttons.push({ label: 'Try again', choice: { kind: 'port', port: conflict.port } });
  buttons.push({ label: 'Quit', choice: { kind: 'quit' } });
  return buttons;
}

const retryableCodes = new Set(['EADDRINUSE', 'EACCES']);

/**
 * Starts the server on `port`; when the port is taken (or not allowed), asks which port to use
 * instead and tries again. A port that worked after a conflict is remembered with `save` so the
 * agent endpoint stays stable across launches. Returns null when the admin chose to quit.
 */
export async function startWithPortChoice<T extends { port: number }>(options: {
  port: number;
  start: (port: number) => Promise<T>;
  ask: (conflict: PortConflict) => Promise<PortChoice>;
  save: (port: number) => void;
  findFreePort?: (from: number) => Promise<number | null>;
  maxAttempts?: number;
}): Promise<T | null> {
  const { start, ask, save, findFreePort = findFreePortFrom, maxAttempts = 10 } = options;
  let port = options.port;
  let conflicted = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const started = await start(port);
      if (conflicted) save(started.port);
      return started;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!code || !retryableCodes.has(code) || attempt >= maxAttempts) throw error;
      conflicted = true;
      const suggestion = port === 0 ? null : await findFreePort(port + 1);
      const choice = await ask({ port, suggestion, message: describeListenError(error, port) });
      if (choice.kind === 'quit') return null;
      port = choice.port;
    }
  }
}

/** The first port from `from` (up to `count` ports) that 127.0.0.1 can listen on right now. */
export async function findFreePortFrom(from: number, count = 20): Promise<number | null> {
  for (let port = from; port < from + count && port <= 65535; port++) {
    if (await canListen(port)) return port;
  }
  return null;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
