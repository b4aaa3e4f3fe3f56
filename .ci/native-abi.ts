/**
 * Which ABI the native modules (better-sqlite3, keytar) are built for, and how to rebuild them.
 * Tests and `switchboard serve` run on Node; the desktop app runs on Electron, whose ABI differs,
 * and both share one node_modules. Pure helpers here; the command line is native-modules.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const nativeModules = ['better-sqlite3', 'keytar'] as const;
export type NativeModule = (typeof nativeModules)[number];

/** Code that loads the module's binary under Node (better-sqlite3 loads it on first open). */
export const loadProbe: Record<NativeModule, string> = {
  'better-sqlite3': "new (require('better-sqlite3'))(':memory:').close()",
  keytar: "require('keytar')",
};

/** What loading a module under Node showed. */
export type ProbeOutcome =
  { state: 'node' } | { state: 'other-abi'; builtFor: number; nodeRequires: number } | { state: 'broken'; message: string };

/** Node names both ABIs when it refuses a module built for another one. */
export function parseAbiMismatch(message: string): { builtFor: number; nodeRequires: number } | null {
  const match = /NODE_MODULE_VERSION (\d+)\.\s+This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(message);
  return match ? { builtFor: Number(match[1]), nodeRequires: Number(match[2]) } : null;
}

export function classifyProbe(loaded: boolean, stderr: string): ProbeOutcome {
  if (loaded) return { state: 'node' };
  const mismatch = parseAbiMismatch(stderr);
  if (mismatch) return { state: 'other-abi', ...mismatch };
  const firstError = stderr.split('\n').find((line) => /Error/.test(line)) ?? stderr.split('\n')[0] ?? '';
  return { state: 'broken', message: firstError.trim().slice(0, 300) };
}

/** True when every module is built for the ABI `target` needs. */
export function builtFor(outcomes: ProbeOutcome[], target: { runtime: 'node' } | { runtime: 'electron'; abi: number }): boolean {
  return outcomes.every((outcome) =>
    target.runtime === 'node' ? outcome.state === 'node' : outcome.state === 'other-abi' && outcome.builtFor === target.abi,
  );
}

/**
 * The environment for building against Electron's headers. An npm `nodedir` setting (for example
 * `nodedir=/usr` in ~/.npmrc, which npm exports as npm_config_nodedir) makes node-gyp use Node's
 * headers whatever target it is given, and the "Electron" build silently comes out with Node's ABI.
 */
export function electronBuildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'));
}

/** Electron's version and ABI, from the installed electron package (the binary is not needed). */
export function electronTarget(root: string): { version: string; abi: number | null } {
  const dir = path.join(root, 'node_modules', 'electron');
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  const abiFile = path.join(dir, 'abi_version');
  const abi = existsSync(abiFile) ? Number(readFileSync(abiFile, 'utf8').trim()) : null;
  return { version, abi: Number.isInteger(abi) ? abi : null };
}

export const electronHeadersUrl = 'https://www.electronjs.org/headers';

/** Where node-gyp (run by @electron/rebuild) caches Electron's headers once downloaded. */
export function cachedElectronHeaders(version: string, home = os.homedir()): string | null {
  const dir = path.join(home, '.electron-gyp', version);
  return existsSync(path.join(dir, 'include', 'node', 'node_version.h')) ? dir : null;
}

const offlinePattern = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|fetch failed|socket hang up|network/i;

/** One clear paragraph for a rebuild that could not run, naming the likely cause and the way out. */
export function describeRebuildFailure(target: string, message: string): string {
  const modules = nativeModules.join(' and ');
  if (offlinePattern.test(message)) {
    return (
      `Cannot rebuild ${modules} for ${target}: its headers could not be downloaded (${electronHeadersUrl}); ` +
      'this machine looks offline. Connect once (the headers are cached in ~/.electron-gyp), then run the command again.'
    );
  }
  return `Cannot rebuild ${modules} for ${target}: ${message.split('\n')[0]!.slice(0, 300)}`;
}
