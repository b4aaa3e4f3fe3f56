import { fork } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const listenerScript = fileURLToPath(new URL('./stalled-listener-child.mjs', import.meta.url));

/**
 * A loopback address where a TCP connect never completes: a listener with a backlog of one in a
 * process that is then stopped (SIGSTOP), its accept queue filled. The kernel drops further SYNs,
 * so a new connect hangs as it would toward a dead host, without leaving the machine.
 */
export async function startStalledListener(): Promise<{ url: string; close(): void }> {
  const child = fork(listenerScript, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve(message as number));
    child.once('error', reject);
  });
  process.kill(child.pid!, 'SIGSTOP');
  const fillers: Socket[] = [];
  // Each connect completes in the kernel while the accept queue has room; stop at the first that hangs.
  for (let i = 0; i < 16; i++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    fillers.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 250);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!connected) break;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      for (const socket of fillers) socket.destroy();
      child.kill('SIGKILL');
    },
  };
}
