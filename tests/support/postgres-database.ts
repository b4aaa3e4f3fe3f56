import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { SettingsRepo } from '../../electron/core/db/settings-repo';

export interface TestDatabase {
  /** The owner role's URL for this file's own database. */
  url: string;
  name: string;
  /** A URL for `role` on this database. */
  urlAs(role: string, password: string): string;
  drop(): Promise<void>;
}

/** A role name no other test file uses: roles are cluster-wide, databases are not. */
export function uniqueRoleName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Runs `work` on a single connection to `url` and closes it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database on the run's cluster, so test files never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const ownerUrl = inject('postgresOwnerUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withClient(ownerUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const on = (base: string) => {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    url: on(ownerUrl),
    name,
    urlAs(role, password) {
      const url = new URL(on(ownerUrl));
      url.username = role;
      url.password = password;
      return url.toString();
    },
    drop: () => withClient(ownerUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** An installation's own settings, kept in memory: what `openPostgresStore` takes beside the team database. */
export function memorySettings(): SettingsRepo {
  const values = new Map<string, string>();
  return { get: async (key) => values.get(key) ?? null, set: async (key, value) => void values.set(key, value) };
}
