import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { TeamDatabaseStatus, TeamDatabaseTest } from '../../../shared/team-database';
import { parsePostgresUrl } from '../../core/db/postgres/connection-url';
import { PostgresStoreError } from '../../core/db/postgres/errors';

/** Where the team database's password is kept: one entry in the OS keychain, never a file. */
export interface PasswordKeychain {
  get(): Promise<string | null>;
  set(password: string): Promise<void>;
  delete(): Promise<void>;
}

/** The saved URL, without its password. */
const configFile = 'team-database.json';

/** The URL with its password taken out, and the password (decoded), separately. */
function splitPassword(url: string): { bare: string; password: string | null } {
  parsePostgresUrl(url); // a clear message for a malformed URL, before anything is kept
  const parsed = new URL(url.trim());
  const password = parsed.password === '' ? null : decodeURIComponent(parsed.password);
  parsed.password = '';
  return { bare: parsed.toString(), password };
}

function withPassword(bare: string, password: string | null): string {
  if (password === null) return bare;
  const url = new URL(bare);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/**
 * Settings → Team database, in the main process: test a URL, connect (keep it for the next
 * start: the URL in the data directory without its password, the password in the keychain),
 * disconnect (forget both). The running core keeps its store until the app restarts.
 */
export function createTeamDatabaseSettings(deps: {
  dataDir: string;
  keychain: PasswordKeychain;
  /** Tries the database without changing it; rejects with a `PostgresStoreError` naming the cause. */
  probe: (url: string) => Promise<string>;
  /** The store the running core uses. */
  inUse: () => TeamDatabaseStatus['inUse'];
}) {
  const file = path.join(deps.dataDir, configFile);
  const readBare = (): string | null => {
    if (!existsSync(file)) return null;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { url?: unknown };
    return typeof saved.url === 'string' ? saved.url : null;
  };

  return {
    /** The full URL to start the core with, or null for the SQLite file. */
    async databaseUrl(): Promise<string | null> {
      const bare = readBare();
      return bare === null ? null : withPassword(bare, await deps.keychain.get());
    },
    async status(): Promise<TeamDatabaseStatus> {
      const bare = readBare();
      const savedUrl = bare === null ? null : parsePostgresUrl(bare).redacted;
      const inUse = deps.inUse();
      return { savedUrl, inUse, restartNeeded: (savedUrl !== null) !== (inUse === 'postgres') };
    },
    async test(url: string): Promise<TeamDatabaseTest> {
      try {
        return { ok: true, message: await deps.probe(url) };
      } catch (error) {
        if (error instanceof PostgresStoreError) return { ok: false, message: error.message };
        throw error;
      }
    },
    /** Saves the URL once it tested well; a database that cannot be used is refused with its cause. */
    async connect(url: string): Promise<TeamDatabaseStatus> {
      const tested = await this.test(url);
      if (!tested.ok) throw new AppError('bad_request', tested.message);
      const { bare, password } = splitPassword(url);
      if (password === null) await deps.keychain.delete();
      else await deps.keychain.set(password);
      writeFileSync(file, JSON.stringify({ url: bare }, null, 2) + '\n', { mode: 0o600 });
      return this.status();
    },
    async disconnect(): Promise<TeamDatabaseStatus> {
      rmSync(file, { force: true });
      await deps.keychain.delete();
      return this.status();
    },
  };
}
export type TeamDatabaseSettings = ReturnType<typeof createTeamDatabaseSettings>;
