import { parseArgs } from 'node:util';
import type { Secret } from '../../../shared/operations';
import { cliActor } from '../operations/actor';
import { bootCliCore, resolveDataDir } from './cli-core';
import { collectAll } from './cli-pages';
import { UsageError } from './usage-error';

export const secretUsage = `switchboard secret set NAME [--project ID] [--data-dir D]  < value

  Stores the value read from stdin (never from the command line, where it would land in shell
  history and process lists) under NAME: creates the secret, or rotates it if NAME exists.`;

/** `switchboard secret set NAME`: value from stdin into the vault, metadata into the database. */
export async function secretCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(secretUsage + '\n');
    return sub ? 0 : 2;
  }
  if (sub !== 'set') throw new UsageError(`Unknown secret command "${sub}"`);
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, project: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('secret set needs exactly one NAME; the value is read from stdin');
  const name = positionals[0]!;
  if (process.stdin.isTTY) process.stderr.write(`Enter the value for "${name}", then Ctrl-D:\n`);
  const value = await readStdin();
  if (value === '') throw new UsageError('secret set read an empty value from stdin');
  const core = await bootCliCore(resolveDataDir(values['data-dir']), 'warn');
  try {
    const existing = (await collectAll<Secret>(core.invoke, 'listSecrets', { projectId: values.project }, cliActor)).find(
      (secret) => secret.name.toLowerCase() === name.trim().toLowerCase(),
    );
    const secret = (
      existing
        ? await core.invoke('rotateSecret', { secretId: existing.id, value }, cliActor)
        : await core.invoke('createSecret', { projectId: values.project, name, value }, cliActor)
    ) as Secret;
    process.stdout.write(
      `${existing ? 'Rotated' : 'Created'} secret ${secret.id} ("${secret.name}", ${secret.fingerprint}, ${secret.backend} vault)\n`,
    );
    return 0;
  } finally {
    await core.close();
  }
}

/** All of stdin, minus one trailing newline (what `echo` or a here-doc adds). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
