import { _electron, type ElectronApplication } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { builtFor, classifyProbe, electronTarget, loadProbe, nativeModules } from '../../../.ci/native-abi';

export const root = path.resolve(import.meta.dirname, '../../..');

/**
 * Whether the Electron app can run here, and if not, why. Checked without `require('electron')`,
 * which would try to download the binary.
 */
export function electronAvailability(): { executablePath: string; reason: null } | { executablePath: null; reason: string } {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
  if (!executable || !existsSync(executable)) {
    return {
      executablePath: null,
      reason:
        "Electron's binary is not installed (node_modules/electron/dist is missing). It downloads on first run, " +
        'which needs network access and Node >= 22.12; the desktop tests run wherever it is present.',
    };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { executablePath: null, reason: 'No display (DISPLAY / WAYLAND_DISPLAY unset): run under xvfb-run to test the desktop app.' };
  }
  if (!existsSync(path.join(root, 'out', 'main', 'index.js'))) {
    return { executablePath: null, reason: 'The app is not built: run `npm run build` first.' };
  }
  const { abi } = electronTarget(root);
  const outcomes = nativeModules.map((name) => {
    const probe = spawnSync(process.execPath, ['-e', loadProbe[name]], { cwd: root, encoding: 'utf8' });
    return classifyProbe(probe.status === 0, probe.stderr ?? '');
  });
  if (abi === null || !builtFor(outcomes, { runtime: 'electron', abi })) {
    return {
      executablePath: null,
      reason:
        `better-sqlite3 and keytar are not built for Electron's ABI (${abi ?? 'unknown'}): \`npm run test:desktop\` ` +
        "rebuilds them for Electron, runs these tests and restores Node's build.",
    };
  }
  return { executablePath: executable, reason: null };
}

export interface RunningApp {
  app: ElectronApplication;
  agentEndpoint: string;
  dataDir: string;
}

/** Launches the built app on a free port with its own data directory; ready = printed its endpoint. */
export async function launchApp(executablePath: string, dataDir: string): Promise<RunningApp> {
  const app = await _electron.launch({
    executablePath,
    args: [root],
    cwd: root,
    env: {
      ...(process.env as Record<string, string>),
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_PORT: '0',
      SWITCHBOARD_VAULT: process.env.SWITCHBOARD_E2E_VAULT ?? 'auto',
      SWITCHBOARD_MASTER_KEY: 'e2e-master-key',
    },
  });
  const agentEndpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const stdout = app.process().stdout!;
    const timer = setTimeout(() => reject(new Error(`no "Agent endpoint" line; output so far: ${seen}`)), 30_000);
    stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /^Agent endpoint: (\S+)$/m.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return { app, agentEndpoint, dataDir };
}
