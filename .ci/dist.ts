/**
 * `npm run dist`: packages the built app with electron-builder (config: the "build" key of
 * package.json). Arguments pass through, e.g. `npm run dist -- --linux AppImage`.
 * electron-builder rebuilds the native modules for Electron in place, so Node's build is restored
 * afterwards for the tests and `switchboard serve`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBuildEnv } from './native-abi';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder');

const built = spawnSync(bin, process.argv.slice(2), { cwd: root, stdio: 'inherit', env: electronBuildEnv(process.env) });
const restored = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, '.ci', 'native-modules.ts'), 'node'], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) {
  process.stderr.write(
    'Packaging failed. electron-builder downloads the Electron runtime and its headers for each target, ' +
      'so it needs network access the first time (both are cached afterwards).\n',
  );
}
process.exitCode = built.status !== 0 ? (built.status ?? 1) : (restored.status ?? 1);
