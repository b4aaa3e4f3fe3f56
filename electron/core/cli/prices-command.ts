import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ModelPrice, PriceTableChanges } from '../../../shared/operations/prices';
import { cliActor } from '../operations/actor';
import { bootCliCore, resolveDataDir } from './cli-core';
import { UsageError } from './usage-error';

export const pricesUsage = `switchboard prices import FILE [--dry-run] [--data-dir D]

  import replaces the model price table with a newer dated one (the shape of resources/prices.json)
  and prints what changed; --dry-run only prints it.`;

const price = (p: ModelPrice) => `in ${p.input} / out ${p.output} / cache read ${p.cacheRead} / cache write ${p.cacheWrite}`;

/** The changes, one line per model, as an admin reviews them. */
export function describeChanges(changes: PriceTableChanges): string {
  const lines = [`Price table ${changes.previousAsOf} → ${changes.asOf} (US dollars per million tokens)`];
  for (const { model, price: p } of changes.added) lines.push(`  + ${model}: ${price(p)}`);
  for (const { model, price: p } of changes.removed) lines.push(`  - ${model}: ${price(p)}`);
  for (const { model, before, after } of changes.changed) lines.push(`  ~ ${model}: ${price(before)} → ${price(after)}`);
  if (lines.length === 1) lines.push('  no model changed');
  return lines.join('\n') + '\n';
}

/** `switchboard prices import FILE`: a newer price table for the data directory, as actor `cli`. */
export async function pricesCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(pricesUsage + '\n');
    return sub ? 0 : 2;
  }
  if (sub !== 'import') throw new UsageError(`Unknown prices command "${sub}"`);
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('prices import needs one FILE');
  let table: unknown;
  try {
    table = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const core = await bootCliCore(resolveDataDir(values['data-dir']), 'warn');
  try {
    const changes = (await core.invoke('importPriceTable', { table, dryRun: values['dry-run'] }, cliActor)) as PriceTableChanges;
    process.stdout.write(describeChanges(changes));
    if (values['dry-run']) process.stderr.write('Dry run: nothing was changed.\n');
    return 0;
  } finally {
    core.close();
  }
}
