/**
 * Recording cost per usage row, today's code against the code before the request log (the first
 * parent of the "Merge observability" commit, or `--before <ref>`), side by side in one run: the
 * older code is checked out in a temporary worktree under the system's temp directory and rounds
 * of `recording-round.ts` alternate between the two, so a busy machine slows both alike.
 * Prints a table of medians (CPU time, steadier on a shared machine, and wall-clock) and the ratio for large batches (a loaded gateway) and small ones (a quiet one).
 * Run: `node --import tsx tests/bench/recording-compare.ts [--rounds 7] [--before <ref>]`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = process.cwd();
const arg = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const rounds = Number(arg('rounds') ?? 7);
const git = (...args: string[]) => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();

function beforeRef(): string {
  const given = arg('before');
  if (given) return git('rev-parse', given);
  const merge = git('log', '--merges', '--format=%H', '--grep=^Merge observability', '-1');
  if (!merge) throw new Error('no "Merge observability" commit found; pass --before <ref>');
  return git('rev-parse', `${merge}^1`);
}

interface Round {
  usPerRow: number;
  cpuUsPerRow: number;
}

function round(cwd: string, batch: number, rows: number): Round {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'tests/bench/recording-round.ts', '--batch', String(batch), '--rows', String(rows)],
    { cwd, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as Round;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const ref = beforeRef();
const dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-before-'));
git('worktree', 'add', '--detach', dir, ref);
try {
  symlinkSync(path.join(here, 'node_modules'), path.join(dir, 'node_modules'));
  copyFileSync(path.join(here, 'tests/bench/recording-round.ts'), path.join(dir, 'tests/bench/recording-round.ts'));
  const cases = [
    { batch: 1000, rows: 100_000, label: 'batches of 1,000 (a loaded gateway)' },
    { batch: 10, rows: 10_000, label: 'batches of 10 (a quiet one)' },
  ];
  console.log(`Recording cost, µs per row, medians of ${rounds} alternating rounds; before = ${ref.slice(0, 9)}\n`);
  console.log('| batches | before, CPU | now, CPU | now / before, CPU | before, wall | now, wall | now / before, wall |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const { batch, rows, label } of cases) {
    const before: Round[] = [];
    const now: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so neither always meets a warmer cache.
      const order = i % 2 === 0 ? ['before', 'now'] : ['now', 'before'];
      for (const which of order) {
        if (which === 'before') before.push(round(dir, batch, rows));
        else now.push(round(here, batch, rows));
      }
    }
    const cells = (pick: (r: Round) => number) => {
      const [b, n] = [median(before.map(pick)), median(now.map(pick))];
      return `${b.toFixed(1)} | ${n.toFixed(1)} | ${(n / b).toFixed(2)}`;
    };
    console.log(`| ${label} | ${cells((r) => r.cpuUsPerRow)} | ${cells((r) => r.usPerRow)} |`);
  }
} finally {
  git('worktree', 'remove', '--force', dir);
  rmSync(dir, { recursive: true, force: true });
}
