import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { builtCli } from '../support/built-cli';
import { makeTempDir } from '../support/temp-dir';

const env = { ...process.env, SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'cli-test-key' };
let temp: ReturnType<typeof makeTempDir>;
const cli = (args: string[]) => spawnSync(process.execPath, [builtCli, ...args, '--data-dir', temp.dir], { env, encoding: 'utf8' });
beforeEach(() => (temp = makeTempDir()));
afterEach(() => temp.cleanup());

it('`switchboard retention` shows the 90-day default, sets another limit, and refuses a bad one', () => {
  const shown = cli(['retention']);
  expect(shown.status, shown.stderr).toBe(0);
  expect(shown.stdout).toContain('Raw usage rows kept: 90 days');
  expect(shown.stdout).toContain('Oldest raw row: none');
  expect(shown.stdout).toMatch(/Database size: \d+\.\d MB/);

  const set = cli(['retention', '--days', '14']);
  expect(set.status, set.stderr).toBe(0);
  expect(JSON.parse(cli(['retention', '--json']).stdout)).toMatchObject({ rawRowsDays: 14, oldestRawRowAt: null });

  const refused = cli(['retention', '--days', 'forever']);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain('rawRowsDays');
}, 60_000); // four runs of the built CLI
