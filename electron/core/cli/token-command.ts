import { parseArgs } from 'node:util';
import { permissions as allPermissions } from '../../../shared/permissions';
import type { Token } from '../../../shared/operations';
import { cliActor } from '../operations/actor';
import { expiryFrom, labelsFrom, numberOrNull, secondsOrNull } from './cli-args';
import { bootCliCore, resolveDataDir } from './cli-core';
import { collectAll, formatTable } from './cli-pages';
import { UsageError } from './usage-error';

export const tokenUsage = `switchboard token create --name N [--kind api|job] (--permission P … | --all-permissions)
                         [--expires 30d] [--provider SLUG_OR_ID …] [--label k=v …]
                         [--rpm N] [--tpm N] [--spend-cap USD]
                         [--max-concurrent N [--queue-wait 30s] [--max-queued N]] [--project ID] [--data-dir D]
  switchboard token list [--project ID] [--kind api|job] [--include-revoked] [--json] [--data-dir D]
  switchboard token revoke TOKEN_ID [--data-dir D]

  --max-concurrent lets a job token have N requests in flight at once on a gateway; the next ones
  wait their turn, up to --max-queued of them (100 by default) for up to --queue-wait each (0 by
  default: refused at once with 429 concurrency_limit).
  create prints only the new token on stdout (it is shown once); everything else goes to stderr.`;

const common = { 'data-dir': { type: 'string' }, project: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** `switchboard token …`: issue, list and revoke tokens on the data directory, as actor `cli`. */
export async function tokenCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'create') return create(rest);
  if (sub === 'list') return list(rest);
  if (sub === 'revoke') return revoke(rest);
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(tokenUsage + '\n');
    return sub ? 0 : 2;
  }
  throw new UsageError(`Unknown token command "${sub}"`);
}

async function create(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...common,
      name: { type: 'string' },
      kind: { type: 'string', default: 'api' },
      permission: { type: 'string', multiple: true, default: [] },
      'all-permissions': { type: 'boolean', default: false },
      expires: { type: 'string' },
      provider: { type: 'string', multiple: true, default: [] },
      label: { type: 'string', multiple: true, default: [] },
      rpm: { type: 'string' },
      tpm: { type: 'string' },
      'spend-cap': { type: 'string' },
      'max-concurrent': { type: 'string' },
      'queue-wait': { type: 'string' },
      'max-queued': { type: 'string' },
    },
  });
  if (!values.name) throw new UsageError('token create needs --name');
  if (values['all-permissions'] && values.permission.length > 0) throw new UsageError('use --permission or --all-permissions, not both');
  const core = await bootCliCore(resolveDataDir(values['data-dir']), 'warn');
  try {
    const created = (await core.invoke(
      'createToken',
      {
        projectId: values.project,
        name: values.name,
        kind: values.kind,
        permissions: values['all-permissions'] ? [...allPermissions] : values.permission,
        allowedProviders: values.provider,
        labels: labelsFrom(values.label),
        limits: {
          requestsPerMinute: numberOrNull(values.rpm, '--rpm'),
          inputTokensPerMinute: numberOrNull(values.tpm, '--tpm'),
          spendCapUsd: numberOrNull(values['spend-cap'], '--spend-cap'),
          maxConcurrent: numberOrNull(values['max-concurrent'], '--max-concurrent'),
          ...concurrencyWait(values['queue-wait'], values['max-queued']),
        },
        expiresAt: values.expires ? expiryFrom(values.expires, core.clock.now()) : null,
      },
      cliActor,
    )) as { token: Token; value: string };
    process.stderr.write(`Created ${created.token.kind} token ${created.token.id} ("${created.token.name}"). It is shown once:\n`);
    process.stdout.write(created.value + '\n');
    return 0;
  } finally {
    await core.close();
  }
}

/** The queue's bounds as given; left out when absent, so the contract's defaults apply. */
function concurrencyWait(queueWait: string | undefined, maxQueued: string | undefined) {
  const seconds = secondsOrNull(queueWait, '--queue-wait');
  const queued = numberOrNull(maxQueued, '--max-queued');
  return { ...(seconds === null ? {} : { queueWaitSeconds: seconds }), ...(queued === null ? {} : { maxQueued: queued }) };
}

async function list(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...common,
      kind: { type: 'string' },
      'include-revoked': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const core = await bootCliCore(resolveDataDir(values['data-dir']), 'warn');
  try {
    const tokens = await collectAll<Token>(
      core.invoke,
      'listTokens',
      { projectId: values.project, kind: values.kind, includeRevoked: values['include-revoked'] },
      cliActor,
    );
    if (values.json) {
      process.stdout.write(JSON.stringify(tokens, null, 2) + '\n');
      return 0;
    }
    const now = core.clock.now().toISOString();
    const status = (t: Token) => (t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active');
    process.stdout.write(
      formatTable(
        ['ID', 'NAME', 'KIND', 'PREFIX', 'STATUS', 'EXPIRES', 'LAST USED'],
        tokens.map((t) => [t.id, t.name, t.kind, `${t.prefix}…`, status(t), t.expiresAt ?? '-', t.lastUsedAt ?? '-']),
      ),
    );
    return 0;
  } finally {
    await core.close();
  }
}

async function revoke(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: common });
  if (positionals.length !== 1) throw new UsageError('token revoke needs exactly one token id');
  const core = await bootCliCore(resolveDataDir(values['data-dir']), 'warn');
  try {
    const token = (await core.invoke('revokeToken', { tokenId: positionals[0] }, cliActor)) as Token;
    process.stdout.write(`Revoked ${token.id} ("${token.name}") at ${token.revokedAt}\n`);
    return 0;
  } finally {
    await core.close();
  }
}
