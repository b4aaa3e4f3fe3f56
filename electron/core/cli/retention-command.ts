import { parseArgs } from 'node:util';
import type { UsageRetention } from '../../../shared/operations';
import { cliActor } from '../operations/actor';
import { bootCliCore, resolveDataDir } from './cli-core';

export const retentionUsage = `switchboard retention [--days N] [--json] [--data-dir D]

  Shows how long raw usage rows (the request log) are kept, the oldest one and the database size;
  --days sets the limit (default 90). Daily and hourly rollups are kept for ever.`;

/** `switchboard retention`: read or set the raw usage rows' retention, as actor `cli`. */
export async function retentionCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      days: { type: 'string' },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(retentionUsage + '\n');
    return 0;
  }
  const core = await bootCliCore(resolveDataDir(values['data-dir']), 'warn');
  try {
    const retention = (
      values.days === undefined
        ? await core.invoke('getUsageRetention', {}, cliActor)
        : await core.invoke('updateUsageRetention', { rawRowsDays: Number(values.days) }, cliActor)
    ) as UsageRetention;
    if (values.json) process.stdout.write(JSON.stringify(retention, null, 2) + '\n');
    else {
      const size = retention.databaseBytes === null ? 'unknown' : `${(retention.databaseBytes / 1024 / 1024).toFixed(1)} MB`;
      process.stdout.write(
        `Raw usage rows kept: ${retention.rawRowsDays} days\nOldest raw row: ${retention.oldestRawRowAt ?? 'none'}\nDatabase size: ${size}\n`,
      );
    }
    return 0;
  } finally {
    core.close();
  }
}
