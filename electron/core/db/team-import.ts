import { existsSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import type { PostgresDb } from './postgres/database';
import { rollupsOfInserted } from './postgres/usage-write-statement';
import { teamWideSettings } from './settings-repo';
import { openDatabase, type Db } from './sqlite/database';

/** A solo data directory's database, opened (and migrated, as any run of this Switchboard would) for reading. */
export interface SoloStore {
  file: string;
  db: Db;
  /** The secrets whose values the import re-encrypts: id and name, never a value. */
  secrets(): { id: string; name: string }[];
  close(): void;
}

export function openSoloStore(dataDir: string, log: Logger): SoloStore {
  const file = path.join(dataDir, 'switchboard.db');
  if (!existsSync(file)) throw new AppError('not_found', `There is no Switchboard database in ${dataDir} (no switchboard.db).`);
  const db = openDatabase(file, log);
  return {
    file,
    db,
    secrets: () => db.prepare<[], { id: string; name: string }>('SELECT id, name FROM secrets ORDER BY id').all(),
    close: () => db.close(),
  };
}

/** One secret's team-vault blobs, sealed by the caller under the team key (this layer holds no key). */
export interface SealedBlobs {
  wrappedKey: Buffer;
  sealedValue: Buffer;
}

export interface TableImport {
  table: 'projects' | 'secrets' | 'ai_providers' | 'tokens' | 'usage_records' | 'audit_events' | 'settings';
  /** Rows in the solo store (for settings, the team-wide ones). */
  found: number;
  /** Rows this run added (or, on a dry run, would add); the rest were there already or merged by name. */
  added: number;
  /** Settings only: the solo store's keys that belong to that machine and are not copied. */
  skipped?: string[];
}

export interface TeamImportOptions {
  /** Checked again inside the secrets transaction, so values are never sealed under a rotated-out key. */
  keyCheck: Buffer;
  /** By secret id; a secret missing here gets its row without a value (its value is not in the local vault). */
  sealed: ReadonlyMap<string, SealedBlobs>;
  dryRun: boolean;
}

type Row = Record<string, unknown>;
type Client = pg.PoolClient;

/** Rows per INSERT: large enough to be quick, small enough for one statement's JSON. */
const batchSize = 500;

/**
 * Copies a solo store into the team database: projects (the default one and same-named ones merge
 * into the team's), secrets (values re-encrypted, given sealed), AI providers, tokens (hashes),
 * usage (rollups added only for rows actually inserted), the audit log and the team-wide settings.
 * Idempotent: what is there already is left alone (a setting the team has keeps the team's value).
 * One transaction per table; a dry run counts what is missing in one read-only transaction.
 */
export async function importIntoTeam(solo: SoloStore, team: PostgresDb, options: TeamImportOptions): Promise<TableImport[]> {
  const projectIds = await mapProjects(solo.db, team);
  await refuseNameClashes(solo.db, team, projectIds);
  const steps: ((client: Client) => Promise<TableImport>)[] = [
    (client) => importProjects(client, solo.db, projectIds, options.dryRun),
    (client) => importSecrets(client, solo.db, projectIds, options),
    (client) => importRows(client, 'ai_providers', solo.db, projectIds, options.dryRun),
    (client) => importRows(client, 'tokens', solo.db, projectIds, options.dryRun),
    (client) => importUsage(client, solo.db, projectIds, options.dryRun),
    (client) => importAudit(client, solo.db, projectIds, options.dryRun),
    (client) => importSettings(client, solo.db, options.dryRun),
  ];
  if (!options.dryRun) {
    const report: TableImport[] = [];
    for (const step of steps) report.push(await team.transaction(step));
    return report;
  }
  // Counted, not inserted and rolled back: even an identity counter stays where it was.
  return team.transaction(async (client) => {
    await client.query('SET TRANSACTION READ ONLY');
    const report: TableImport[] = [];
    for (const step of steps) report.push(await step(client));
    return report;
  });
}

/** Solo project id → team project id: the default project onto the team's, a same-named one onto it, the rest keep their ids. */
async function mapProjects(solo: Db, team: PostgresDb): Promise<Map<string, string>> {
  const teamProjects = (await team.query<{ id: string; name: string; is_default: boolean }>('SELECT id, name, is_default FROM projects'))
    .rows;
  const byName = new Map(teamProjects.map((p) => [p.name.toLowerCase(), p.id]));
  const teamDefault = teamProjects.find((p) => p.is_default)?.id;
  const map = new Map<string, string>();
  for (const p of solo.prepare<[], { id: string; name: string; is_default: number }>('SELECT id, name, is_default FROM projects').all()) {
    map.set(p.id, (p.is_default ? teamDefault : undefined) ?? byName.get(p.name.toLowerCase()) ?? p.id);
  }
  return map;
}

/** A different secret or provider with the same name in the same project would be silently skipped: say so before writing anything. */
async function refuseNameClashes(solo: Db, team: PostgresDb, projectIds: Map<string, string>): Promise<void> {
  const clashes: string[] = [];
  for (const [table, what] of [
    ['secrets', 'secret'],
    ['ai_providers', 'AI provider'],
  ] as const) {
    const rows = solo.prepare<[], { id: string; project_id: string; name: string }>(`SELECT id, project_id, name FROM ${table}`).all();
    if (rows.length === 0) continue;
    const { rows: taken } = await team.query<{ id: string; name: string; solo_id: string }>(
      `SELECT t.id, t.name, s.id AS solo_id FROM ${table} t
         JOIN json_to_recordset($1::json) AS s(id text, project_id text, name text)
           ON t.project_id = s.project_id AND lower(t.name) = lower(s.name) AND t.id <> s.id`,
      [JSON.stringify(rows.map((r) => ({ ...r, project_id: projectIds.get(r.project_id) ?? r.project_id })))],
    );
    for (const row of taken) clashes.push(`the ${what} "${row.name}" (${row.solo_id} here, ${row.id} in the team)`);
  }
  if (clashes.length > 0) {
    throw new AppError(
      'conflict',
      `The team database already has a different ${clashes.join(', ')} under the same name; rename one of each pair and import again. Nothing was imported.`,
    );
  }
}

/** Column → PostgreSQL type, without identity columns (the team database numbers those itself). */
async function teamColumns(client: Client, table: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'NO' ORDER BY ordinal_position`,
    [table],
  );
  return new Map(rows.map((r) => [r.column_name, r.data_type]));
}

/** A SQLite value in the form json_populate_recordset reads into the PostgreSQL column's type. */
function toTeamValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'jsonb') return typeof value === 'string' ? JSON.parse(value) : value;
  if (type === 'bytea') return `\\x${Buffer.from(value as Uint8Array).toString('hex')}`;
  if (type === 'boolean') return value === 1 || value === true;
  return value;
}

function convert(rows: Row[], columns: Map<string, string>, projectIds: Map<string, string>): Row[] {
  return rows.map((row) => {
    const out: Row = {};
    for (const [column, type] of columns) if (column in row) out[column] = toTeamValue(row[column], type);
    if (typeof out.project_id === 'string') out.project_id = projectIds.get(out.project_id) ?? out.project_id;
    return out;
  });
}

/**
 * INSERT … ON CONFLICT DO NOTHING in batches; resolves to the ids inserted. A dry run resolves to
 * the ids that are not there yet and writes nothing (name clashes were refused before).
 */
async function insertNew(client: Client, table: string, columns: Map<string, string>, rows: Row[], dryRun: boolean): Promise<string[]> {
  const list = [...columns.keys()].filter((c) => rows.length === 0 || c in rows[0]!).join(', ');
  const ids: string[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = [JSON.stringify(rows.slice(start, start + batchSize))];
    const { rows: added } = dryRun
      ? await client.query<{ id: string }>(
          `SELECT s.id FROM json_populate_recordset(NULL::${table}, $1::json) s WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = s.id)`,
          batch,
        )
      : await client.query<{ id: string }>(
          `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)
           ON CONFLICT DO NOTHING RETURNING id`,
          batch,
        );
    ids.push(...added.map((row) => row.id));
  }
  return ids;
}

async function importRows(
  client: Client,
  table: 'ai_providers' | 'tokens',
  solo: Db,
  projectIds: Map<string, string>,
  dryRun: boolean,
): Promise<TableImport> {
  const columns = await teamColumns(client, table);
  const rows = solo.prepare<[], Row>(`SELECT * FROM ${table} ORDER BY id`).all();
  const added = await insertNew(client, table, columns, convert(rows, columns, projectIds), dryRun);
  return { table, found: rows.length, added: added.length };
}

async function importProjects(client: Client, solo: Db, projectIds: Map<string, string>, dryRun: boolean): Promise<TableImport> {
  const columns = await teamColumns(client, 'projects');
  const rows = solo.prepare<[], Row>('SELECT * FROM projects ORDER BY id').all();
  // Merged projects (the default one, same-named ones) are the team's already.
  const own = rows.filter((row) => projectIds.get(row.id as string) === row.id);
  const added = await insertNew(client, 'projects', columns, convert(own, columns, projectIds), dryRun);
  return { table: 'projects', found: rows.length, added: added.length };
}

async function importSecrets(client: Client, solo: Db, projectIds: Map<string, string>, options: TeamImportOptions): Promise<TableImport> {
  const columns = await teamColumns(client, 'secrets');
  const rows = solo.prepare<[], Row>('SELECT * FROM secrets ORDER BY id').all();
  const teamRows = convert(rows, columns, projectIds).map((row) => ({ ...row, backend: 'team' }));
  const added = await insertNew(client, 'secrets', columns, teamRows, options.dryRun);
  const values = added
    .map((id) => ({ id, blobs: options.sealed.get(id) }))
    .filter((v): v is { id: string; blobs: SealedBlobs } => v.blobs !== undefined);
  if (values.length > 0 && !options.dryRun) {
    const { rowCount } = await client.query(
      `INSERT INTO team_secret_values (secret_id, wrapped_key, sealed_value)
       SELECT v.secret_id, decode(v.wrapped_key, 'hex'), decode(v.sealed_value, 'hex')
         FROM json_to_recordset($1::json) AS v(secret_id text, wrapped_key text, sealed_value text)
        WHERE EXISTS (SELECT 1 FROM team_vault WHERE key_check = $2 FOR SHARE)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          values.map((v) => ({
            secret_id: v.id,
            wrapped_key: v.blobs.wrappedKey.toString('hex'),
            sealed_value: v.blobs.sealedValue.toString('hex'),
          })),
        ),
        options.keyCheck,
      ],
    );
    if (rowCount === 0) {
      throw new AppError(
        'vault_unavailable',
        'The team key changed while importing (rotated on another machine); nothing of the secrets was imported.',
      );
    }
  }
  return { table: 'secrets', found: rows.length, added: added.length };
}

/** The audit log in its order (the team numbers the events after its own); unique by event id. */
async function importAudit(client: Client, solo: Db, projectIds: Map<string, string>, dryRun: boolean): Promise<TableImport> {
  const columns = await teamColumns(client, 'audit_events');
  const rows = solo.prepare<[], Row>('SELECT * FROM audit_events ORDER BY seq').all();
  const added = await insertNew(client, 'audit_events', columns, convert(rows, columns, projectIds), dryRun);
  return { table: 'audit_events', found: rows.length, added: added.length };
}

/** The team-wide settings the team has no value for yet; this machine's own (port, log level) stay with it. */
async function importSettings(client: Client, solo: Db, dryRun: boolean): Promise<TableImport> {
  const rows = solo.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings ORDER BY key').all();
  const shared = rows.filter((row) => teamWideSettings.includes(row.key));
  const skipped = rows.filter((row) => !teamWideSettings.includes(row.key)).map((row) => row.key);
  const batch = [JSON.stringify(shared)];
  const { rows: added } = dryRun
    ? await client.query<{ key: string }>(
        `SELECT s.key FROM json_to_recordset($1::json) AS s(key text, value text) WHERE NOT EXISTS (SELECT 1 FROM settings t WHERE t.key = s.key)`,
        batch,
      )
    : await client.query<{ key: string }>(
        `INSERT INTO settings (key, value) SELECT key, value FROM json_to_recordset($1::json) AS s(key text, value text)
         ON CONFLICT (key) DO NOTHING RETURNING key`,
        batch,
      );
  return { table: 'settings', found: shared.length, added: added.length, skipped };
}

/**
 * Usage rows are unique by request id; the daily and hourly rollups grow only by the rows this run
 * inserted, summed by the very statement parts the gateways' batch writer uses.
 */
async function importUsage(client: Client, solo: Db, projectIds: Map<string, string>, dryRun: boolean): Promise<TableImport> {
  const columns = await teamColumns(client, 'usage_records');
  const list = [...columns.keys()].join(', ');
  const found = solo.prepare<[], number>('SELECT count(*) FROM usage_records').pluck().get() ?? 0;
  const read = solo.prepare<[number, number], Row>('SELECT * FROM usage_records WHERE seq > ? ORDER BY seq LIMIT ?');
  let added = 0;
  for (let page = read.all(0, batchSize); page.length > 0; page = read.all(page.at(-1)!.seq as number, batchSize)) {
    const rows = convert(page, columns, projectIds);
    if (dryRun) {
      const { rows: result } = await client.query<{ added: number }>(
        `SELECT count(*)::int AS added FROM json_populate_recordset(NULL::usage_records, $1::json) s
          WHERE NOT EXISTS (SELECT 1 FROM usage_records u WHERE u.request_id = s.request_id)`,
        [JSON.stringify(rows)],
      );
      added += result[0]!.added;
      continue;
    }
    const { rows: result } = await client.query<{ added: number }>(
      `WITH inserted AS (
         INSERT INTO usage_records (${list}) SELECT ${list} FROM json_populate_recordset(NULL::usage_records, $1::json)
         ON CONFLICT (request_id) DO NOTHING RETURNING *
       ),
       ${rollupsOfInserted}
       SELECT count(*)::int AS added FROM inserted`,
      [JSON.stringify(rows)],
    );
    added += result[0]!.added;
  }
  return { table: 'usage_records', found, added };
}
