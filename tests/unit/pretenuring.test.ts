import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, '../support/pretenuring-child.ts');

/** How many of a surviving literal's next 1,000 objects V8 placed in the old generation, in a fresh process. */
function bornOld(mode: 'default' | 'flag' | 'gateway'): number {
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', child, mode], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const match = /^(\d+) of 1000 born old/m.exec(run.stdout);
  expect(match, run.stdout + run.stderr).not.toBeNull();
  return Number(match![1]);
}

describe('pretenuring', () => {
  it('is on by default: a literal whose objects survive is then allocated old (the probe sees it)', () => {
    expect(bornOld('default')).toBeGreaterThan(900);
  });

  it('stopPretenuring keeps every new object young', () => {
    expect(bornOld('flag')).toBe(0);
  });

  it('is off in a process that serves the gateway', () => {
    expect(bornOld('gateway')).toBe(0);
  });
});
