import { parseArgs } from 'node:util';
import type { AiProvider } from '../../../shared/operations';
import { cliActor } from '../operations/actor';
import { bootCliCore, resolveDataDir } from './cli-core';
import { collectAll, formatTable } from './cli-pages';
import { UsageError } from './usage-error';

export const providerUsage = `switchboard provider list [--project ID] [--provider SLUG] [--json] [--data-dir D]`;

/** `switchboard provider list`: the AI providers on the data directory. */
export async function providerCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(providerUsage + '\n');
    return sub ? 0 : 2;
  }
  if (sub !== 'list') throw new UsageError(`Unknown provider command "${sub}"`);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      project: { type: 'string' },
      provider: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const core = await bootCliCore(resolveDataDir(values['data-dir']), 'warn');
  try {
    const providers = await collectAll<AiProvider>(
      core.invoke,
      'listAiProviders',
      { projectId: values.project, provider: values.provider },
      cliActor,
    );
    if (values.json) {
      process.stdout.write(JSON.stringify(providers, null, 2) + '\n');
      return 0;
    }
    process.stdout.write(
      formatTable(
        ['ID', 'NAME', 'PROVIDER', 'AUTH', 'DEFAULT MODEL', 'BASE URL', 'SECRET'],
        providers.map((p) => [p.id, p.name, p.provider, p.authMethod, p.defaultModel, p.baseUrl ?? '-', p.secretId ?? '-']),
      ),
    );
    return 0;
  } finally {
    await core.close();
  }
}
