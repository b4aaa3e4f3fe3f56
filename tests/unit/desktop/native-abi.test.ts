import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  builtFor,
  classifyProbe,
  describeRebuildFailure,
  electronBuildEnv,
  electronTarget,
  loadProbe,
  parseAbiMismatch,
} from '../../../.ci/native-abi';

const mismatch = `Error: The module '/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node'
was compiled against a different Node.js version using
NODE_MODULE_VERSION 150. This version of Node.js requires
NODE_MODULE_VERSION 115. Please try re-compiling or re-installing`;

describe('native module ABI handling', () => {
  it("reads both ABIs from Node's refusal", () => {
    expect(parseAbiMismatch(mismatch)).toEqual({ builtFor: 150, nodeRequires: 115 });
    expect(parseAbiMismatch('Error: Cannot find module')).toBeNull();
  });

  it("classifies a probe as Node's build, another ABI, or broken", () => {
    expect(classifyProbe(true, '')).toEqual({ state: 'node' });
    expect(classifyProbe(false, mismatch)).toEqual({ state: 'other-abi', builtFor: 150, nodeRequires: 115 });
    expect(classifyProbe(false, "node:internal\nError: Cannot find module 'keytar'\n at x")).toEqual({
      state: 'broken',
      message: "Error: Cannot find module 'keytar'",
    });
  });

  it('knows when every module is built for the runtime about to load it', () => {
    const node = { state: 'node' } as const;
    const electron = { state: 'other-abi', builtFor: 150, nodeRequires: 115 } as const;
    expect(builtFor([node, node], { runtime: 'node' })).toBe(true);
    expect(builtFor([node, electron], { runtime: 'node' })).toBe(false);
    expect(builtFor([electron, electron], { runtime: 'electron', abi: 150 })).toBe(true);
    expect(builtFor([electron, node], { runtime: 'electron', abi: 150 })).toBe(false);
    expect(builtFor([electron], { runtime: 'electron', abi: 140 })).toBe(false);
  });

  it("drops npm's nodedir from the Electron build environment (it would silently build Node's ABI)", () => {
    const env = electronBuildEnv({ PATH: '/bin', npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', npm_config_jobs: '2' });
    expect(env).toEqual({ PATH: '/bin', npm_config_jobs: '2' });
  });

  it('says plainly when the rebuild cannot run because the machine is offline', () => {
    const offline = describeRebuildFailure('Electron 45.4.1 (ABI 150)', 'fetch failed (ENOTFOUND)');
    expect(offline).toContain('Cannot rebuild better-sqlite3 and keytar for Electron 45.4.1 (ABI 150)');
    expect(offline).toContain('offline');
    expect(describeRebuildFailure('Node v20', 'gyp ERR! build error\nmore')).toBe(
      'Cannot rebuild better-sqlite3 and keytar for Node v20: gyp ERR! build error',
    );
  });

  it("reads Electron's version and ABI from the installed package, without its binary", () => {
    const target = electronTarget(process.cwd());
    expect(target.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(target.abi).toBeGreaterThan(Number(process.versions.modules));
  });

  it('loads both modules under Node here, as the tests need', () => {
    for (const code of Object.values(loadProbe)) {
      const result = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
  });
});
