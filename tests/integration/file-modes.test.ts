import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { bootCore } from '../../electron/core/boot';
import { cliActor } from '../../electron/core/operations/actor';
import { createMemoryLogger } from '../../electron/core/log';
import { makeTempDir } from '../support/temp-dir';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

it('the database, its WAL and SHM and the file vault are readable by their owner only, even in a 0755 directory', async () => {
  const temp = makeTempDir();
  temps.push(temp);
  chmodSync(temp.dir, 0o755); // a directory the operator made, not one Switchboard created 0700
  const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log: createMemoryLogger(), vaultChoice: 'file', masterKey: 'test' });
  await core.secrets.create(cliActor, { name: 'modes', value: 'sk-modes-canary' });
  const db = path.join(temp.dir, 'switchboard.db');
  for (const file of [db, `${db}-wal`, `${db}-shm`, path.join(temp.dir, 'secrets.vault.json')]) {
    expect(existsSync(file), file).toBe(true);
    expect(modeOf(file), file).toBe('600');
  }
  core.close();
});

it('a database left world-readable by an older Switchboard is tightened when opened', async () => {
  const temp = makeTempDir();
  temps.push(temp);
  chmodSync(temp.dir, 0o755);
  const db = path.join(temp.dir, 'switchboard.db');
  writeFileSync(db, '', { mode: 0o644 });
  chmodSync(db, 0o644);
  const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log: createMemoryLogger(), vaultChoice: 'file', masterKey: 'test' });
  expect(modeOf(db)).toBe('600');
  core.close();
});
