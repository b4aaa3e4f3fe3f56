import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { builtCli } from '../support/built-cli';
import { makeTempDir } from '../support/temp-dir';

/** `switchboard vault move` on a data directory, with the real OS keychain of the test D-Bus session. */
const temp = makeTempDir();
afterAll(() => temp.cleanup());
const env = { ...process.env, SWITCHBOARD_VAULT: undefined, SWITCHBOARD_MASTER_KEY: undefined, SWITCHBOARD_DATABASE_URL: undefined };
const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, [builtCli, ...args, '--data-dir', temp.dir], { env, input, encoding: 'utf8' });
const value = `sk-canary-vault-cli-${'Z'.repeat(20)}`;

it('moves a secret from the keychain to the key file and back, printing counts and never the value', () => {
  expect(cli(['secret', 'set', 'anthropic'], value).stdout).toContain('keychain vault');
  const toFile = cli(['vault', 'move', '--to', 'file']);
  expect(toFile.status).toBe(0);
  expect(toFile.stdout).toContain('Moved 1 secret.');
  expect(toFile.stdout).toContain('Vault: file (key file at');
  expect(cli(['vault']).stdout).toContain('Can move to keychain: yes');
  const again = cli(['vault', 'move', '--to', 'file']);
  expect(again.status).not.toBe(0);
  expect(again.stderr).toContain('already in the encrypted file');
  const back = cli(['vault', 'move', '--to', 'keychain']);
  expect(back.stdout).toContain('Vault: keychain');
  expect(JSON.stringify(JSON.parse(readFileSync(path.join(temp.dir, 'secrets.vault.json'), 'utf8')))).toBe('{}');
  for (const run of [toFile, again, back]) expect(run.stdout + run.stderr).not.toContain('sk-canary');
  expect(cli(['vault', 'move', '--to', 'nowhere']).stderr).toContain('--to keychain or --to file');
});
