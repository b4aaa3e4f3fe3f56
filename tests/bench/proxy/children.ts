import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./servers.ts', import.meta.url));

export interface Child {
  url: string;
  token?: string;
  /** CPU (µs) and memory of the child right now. */
  stats(): Promise<{ cpu: NodeJS.CpuUsage; memory: NodeJS.MemoryUsage }>;
  ask<T>(type: string): Promise<T>;
  stop(): void;
}

/** Starts one benchmark server (`upstream`, `bare` or `proxy`) in its own process. */
export function startChild(role: string, upstreamUrl = ''): Promise<Child> {
  const child: ChildProcess = fork(script, [role, upstreamUrl], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const listener = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', listener);
        resolve(message as T);
      };
      child.on('message', listener);
      child.send({ type });
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message: { type: string; url: string; token?: string }) => {
      resolve({
        url: message.url,
        token: message.token,
        stats: () => ask('stats'),
        ask,
        stop: () => child.kill('SIGTERM'),
      });
    });
  });
}
