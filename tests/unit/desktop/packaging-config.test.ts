import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const build = pkg.build;
const require = createRequire(import.meta.url);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(path.join(root, file));
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the packaging configuration (package.json "build")', () => {
  it("passes electron-builder's own schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration(build, new DebugLogger(false))).resolves.toBeUndefined();
    // The check is real: a misspelt key is refused.
    const typo = { ...build, linux: { ...build.linux, targets: ['AppImage'] } };
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(/linux/);
  });

  it('builds AppImage and deb on Linux, dmg on macOS and nsis on Windows, under one app id', () => {
    expect(build.appId).toBe('dev.switchboard.desktop');
    expect(build.productName).toBe('Switchboard');
    expect(build.linux.target).toEqual(['AppImage', 'deb']);
    expect(build.mac.target).toEqual(['dmg']);
    expect(build.win.target).toEqual(['nsis']);
    expect(build.deb.depends).toContain('libsecret-1-0');
  });

  it('flips the Electron fuses that turn the app binary into a general Node runtime', () => {
    expect(build.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships the built app in an asar with the native modules unpacked and rebuilt for Electron', () => {
    expect(build.asar).toBe(true);
    expect(build.npmRebuild).toBe(true);
    for (const name of ['better-sqlite3', 'keytar']) {
      expect(build.asarUnpack).toContain(`**/node_modules/${name}/**`);
      expect(pkg.dependencies).toHaveProperty(name);
    }
    expect(build.files).toContain('out/**');
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('has real icons at the sizes each platform needs', () => {
    expect(pngSize(build.mac.icon)).toEqual({ width: 512, height: 512 });
    expect(pngSize(build.win.icon)).toEqual({ width: 256, height: 256 });
    for (const size of [512, 256, 128, 64, 32]) {
      expect(pngSize(`${build.linux.icon}/${size}x${size}.png`)).toEqual({ width: size, height: size });
    }
    expect(pngSize('resources/tray-icon.png')).toEqual({ width: 32, height: 32 });
    expect(pngSize('resources/tray-iconTemplate.png')).toEqual({ width: 16, height: 16 });
    expect(pngSize('resources/tray-iconTemplate@2x.png')).toEqual({ width: 32, height: 32 });
  });

  it('is run by `npm run dist` from package.json itself, with no config file at the top level', () => {
    expect(pkg.scripts.dist).toBe('npm run build && node --import tsx .ci/dist.ts');
    expect(pkg.scripts.dist).not.toContain('--config');
  });
});
