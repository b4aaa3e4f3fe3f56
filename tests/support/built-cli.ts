import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const builtCli = path.resolve(here, '../../out/main/switchboard.js');

export interface ServeProcess {
  child: ChildProcess;
  lines: Record<string, string>;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the built `switchboard serve` and waits for its address lines — a real ready signal. */
export function spawnServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [builtCli, 'serve', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      if (!/^API: .*$/m.test(stdout)) return;
      clearTimeout(timer);
      const lines: Record<string, string> = {};
      for (const line of stdout.split('\n')) {
        const index = line.indexOf(': ');
        if (index > 0) lines[line.slice(0, index)] = line.slice(index + 2);
      }
      resolve({
        child,
        lines,
        stderr: () => stderr,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    });
  });
}
