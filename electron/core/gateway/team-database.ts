import { openPostgres, type PostgresDb } from '../db/postgres/database';
import { createPostgresTeamVaultRepo, type PostgresTeamVaultRepo } from '../db/postgres/team-vault-repo';
import { UsageError } from '../cli/usage-error';
import { chooseDatabaseUrl } from '../config/database-url';
import { createLogger } from '../log';

/** The team database of `--database-url` / SWITCHBOARD_DATABASE_URL; a team command without one is a usage error. */
export function teamDatabaseUrl(): string {
  const url = chooseDatabaseUrl(undefined);
  if (url === null) throw new UsageError('Name the team database with --database-url postgres://… or SWITCHBOARD_DATABASE_URL');
  return url;
}

/** Opens (and migrates) the team database for one command, then closes it whatever happens. */
export async function withTeamDatabase<T>(url: string, work: (db: PostgresDb, vault: PostgresTeamVaultRepo) => Promise<T>): Promise<T> {
  const db = await openPostgres(url, { log: createLogger({ level: 'warn' }), max: 2 });
  try {
    return await work(db, createPostgresTeamVaultRepo(db));
  } finally {
    await db.close();
  }
}

/** All of stdin, trimmed: a team key piped from a file or a password manager. */
export async function readStdinText(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}
