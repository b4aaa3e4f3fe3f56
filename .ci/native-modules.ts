/**
 * Builds the native modules for the runtime about to use them, and says so clearly when it cannot.
 *
 *   node --import tsx .ci/native-modules.ts status     what they are built for now
 *   node --import tsx .ci/native-modules.ts node       Node's ABI (tests, `switchboard serve`)
 *   node --import tsx .ci/native-modules.ts electron   Electron's ABI (the desktop app)
 *
 * Exit code 0 when the modules are ready for the runtime, 1 with a message when not.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  builtFor,
  cachedElectronHeaders,
  classifyProbe,
  describeRebuildFailure,
  electronBuildEnv,
  electronHeadersUrl,
  electronTarget,
  loadProbe,
  nativeModules,
  type ProbeOutcome,
} from './native-abi';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line: string) => process.stderr.write(line + '\n');

function probeAll(): ProbeOutcome[] {
  return nativeModules.map((name) => {
    const result = spawnSync(process.execPath, ['-e', loadProbe[name]], { cwd: root, encoding: 'utf8' });
    return classifyProbe(result.status === 0, result.stderr ?? '');
  });
}

function describe(outcomes: ProbeOutcome[]): string {
  return outcomes
    .map((outcome, i) => {
      const name = nativeModules[i];
      if (outcome.state === 'node') return `${name}: Node's ABI (${process.versions.modules})`;
      if (outcome.state === 'other-abi') return `${name}: ABI ${outcome.builtFor} (Node needs ${outcome.nodeRequires})`;
      return `${name}: does not load (${outcome.message})`;
    })
    .join('\n');
}

function forNode(): number {
  if (builtFor(probeAll(), { runtime: 'node' })) return 0;
  say(`Rebuilding ${nativeModules.join(' and ')} for Node ${process.version}…`);
  // Node's own headers: npm's nodedir setting (if any) is right for this target.
  const result = spawnSync('npm', ['rebuild', ...nativeModules], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const after = probeAll();
  if (builtFor(after, { runtime: 'node' })) return 0;
  say(describeRebuildFailure(`Node ${process.version}`, result.stderr || 'npm rebuild failed'));
  say(describe(after));
  return 1;
}

async function headersReachable(version: string): Promise<string | null> {
  if (cachedElectronHeaders(version)) return null;
  try {
    const response = await fetch(`${electronHeadersUrl}/v${version}/node-v${version}-headers.tar.gz`, {
      method: 'HEAD',
      signal: AbortSignal.timeout(8000),
    });
    return response.ok ? null : `headers answered HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
  }
}

async function forElectron(): Promise<number> {
  const { version, abi } = electronTarget(root);
  const target = `Electron ${version}${abi ? ` (ABI ${abi})` : ''}`;
  if (abi !== null && builtFor(probeAll(), { runtime: 'electron', abi })) return 0;
  // node-gyp deletes the old build before fetching headers: check first, so an offline attempt
  // leaves the working Node build in place.
  const unreachable = await headersReachable(version);
  if (unreachable) {
    say(describeRebuildFailure(target, unreachable));
    return 1;
  }
  say(`Rebuilding ${nativeModules.join(' and ')} for ${target}…`);
  // node-gyp runs in a child that copies process.env: drop nodedir there (see electronBuildEnv).
  const env = electronBuildEnv(process.env);
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  const { rebuild } = await import('@electron/rebuild');
  try {
    await rebuild({ buildPath: root, electronVersion: version, onlyModules: [...nativeModules], force: true });
  } catch (error) {
    say(describeRebuildFailure(target, (error as Error).message));
    say('Restoring the Node build so tests and `switchboard serve` keep working.');
    forNode();
    return 1;
  }
  const after = probeAll();
  if (abi === null || builtFor(after, { runtime: 'electron', abi })) return 0;
  say(
    `The rebuild for ${target} did not produce Electron's ABI:\n${describe(after)}\n` +
      "A nodedir setting (npm config nodedir, npm_config_nodedir) may point node-gyp at Node's headers.",
  );
  return 1;
}

const command = process.argv[2] ?? 'status';
if (command === 'status') {
  process.stdout.write(describe(probeAll()) + '\n');
} else if (command === 'node') {
  process.exitCode = forNode();
} else if (command === 'electron') {
  process.exitCode = await forElectron();
} else {
  say('usage: native-modules.ts status|node|electron');
  process.exitCode = 2;
}
