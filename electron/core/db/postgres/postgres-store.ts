import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { isoNow, type Clock } from '../../clock';
import type { Logger } from '../../log';
import type { SettingsRepo } from '../settings-repo';
import { createPgSettings } from './settings-repo';
import type { Store, StoreTx } from '../store';
import { UniqueViolationError } from '../unique-violation';
import { createPgAiProviderTestsRepo } from './ai-provider-tests-repo';
import { createPgRequestBodies } from './request-bodies';
import { createPgAdminSessionsRepo } from './admin-sessions-repo';
import { createPgAiProvidersRepo } from './ai-providers-repo';
import { createPgAuditRepo } from './audit-repo';
import { createPostgresBudgetLedger } from './budget-ledger';
import { createPgBudgetWebhooksRepo } from './budget-webhooks-repo';
import { createPgBudgetsRepo } from './budgets-repo';
import { createPgCustomPricesRepo } from './custom-prices-repo';
import { createPgChangeFeed } from './change-feed';
import { openPostgres, type PostgresDb } from './database';
import { createPgGatewaysRepo } from './gateways-repo';
import { describePostgresError, toPostgresStoreError } from './error-mapping';
import type { PostgresPoolOptions } from './pool';
import { createPgProjectsRepo } from './projects-repo';
import { createPgRoutesRepo } from './routes-repo';
import { createPgSecretsRepo } from './secrets-repo';
import { sqlOf, type Sql } from './sql';
import { createPgTokensRepo } from './tokens-repo';
import { createPgUsageReports } from './usage-reports';
import { createPgUsageRows } from './usage-rows';
import { createPgRequestLog } from './request-log';
import { createPgUsageRetention } from './usage-retention';

/**
 * Admin transactions of every gateway and desktop app on this database queue on this key, as
 * SQLite's writers queue on its one write lock: a transaction that reads, then writes what it
 * read (a name check, then an insert) never interleaves with another one.
 */
const adminWriteLockKey = 0x5377_6265;

export type PostgresStore = Store & {
  db: PostgresDb;
  /** Settles once `close` has let the statements in flight finish and closed every connection. */
  closed: Promise<void>;
};

/**
 * A driver error as the repositories promise it: a taken name as `UniqueViolationError`, a role's
 * refusal as a 403, connection failures as errors that name their cause (never the password).
 */
function guarded(sql: Sql, db: PostgresDb): Sql {
  const rethrow = (error: unknown): never => {
    if ((error as { code?: unknown })?.code === '23505') throw new UniqueViolationError(error);
    throw describePostgresError(error, db.target) ?? error;
  };
  return {
    query: <R extends pg.QueryResultRow>(statement: string | pg.QueryConfig, values?: readonly unknown[]) =>
      sql.query<R>(statement, values).catch(rethrow),
  };
}

function repositories(sql: Sql): StoreTx {
  return {
    projects: createPgProjectsRepo(sql),
    aiProviders: createPgAiProvidersRepo(sql),
    secrets: createPgSecretsRepo(sql),
    tokens: createPgTokensRepo(sql),
    audit: createPgAuditRepo(sql),
    budgets: createPgBudgetsRepo(sql),
    customPrices: createPgCustomPricesRepo(sql),
    budgetWebhooks: createPgBudgetWebhooksRepo(sql),
    routes: createPgRoutesRepo(sql),
  };
}

/**
 * The team store: every repository on one PostgreSQL database, migrated on open (a schema newer
 * than this Switchboard is refused with nothing written). `close` lets the statements in flight
 * finish (the last usage rows, the last token uses) before the pool goes.
 * @example const store = await openPostgresStore(process.env.SWITCHBOARD_DATABASE_URL!, { log, clock, settings: createFileSettings(file) });
 */
export async function openPostgresStore(
  url: string,
  deps: {
    log: Logger;
    clock: Clock;
    /** This installation's own settings (the remembered port, the log level): kept beside it; the team-wide ones go to the team database. */
    settings: SettingsRepo;
    pool?: Omit<PostgresPoolOptions, 'log'>;
  },
): Promise<PostgresStore> {
  const db = await openPostgres(url, { log: deps.log, ...deps.pool });
  const changes = await createPgChangeFeed(url, db.target, deps.log).catch(async (error: unknown) => {
    await db.close().catch(() => undefined);
    throw toPostgresStoreError(error, db.target);
  });

  let inFlight = 0;
  let closing = false;
  let finish!: () => void;
  const drained = new Promise<void>((resolve) => (finish = resolve));
  const settle = () => {
    inFlight--;
    if (closing && inFlight === 0) finish();
  };
  const tracked = <T>(work: () => Promise<T>): Promise<T> => {
    inFlight++;
    return work().finally(settle);
  };

  // Marks the async context of an open transaction, so a statement from inside it that bypasses
  // `tx` fails loudly instead of running on another connection outside the transaction. Disabled
  // whenever no transaction is open: while enabled, Node runs async hooks for every promise, timer
  // and socket in the process, which the proxy's hot path would pay for.
  const insideTransaction = new AsyncLocalStorage<true>();
  let openTransactions = 0;
  const refuseInside = () =>
    Promise.reject(new Error("Inside store.transaction, use the transaction's repositories (tx), not the store's"));
  const onPool = sqlOf(db.pool);
  const poolSql: Sql = {
    query: <R extends pg.QueryResultRow>(statement: string | pg.QueryConfig, values?: readonly unknown[]) =>
      insideTransaction.getStore() ? refuseInside() : tracked(() => onPool.query<R>(statement, values)),
  };
  const sql = guarded(poolSql, db);
  const trackedDb: PostgresDb = { ...db, transaction: (work) => tracked(() => db.transaction(work)) };
  const usageRows = createPgUsageRows(db, () => isoNow(deps.clock));

  const store: PostgresStore = {
    ...repositories(sql),
    // Tracked from the call: a batch queued behind another one still counts as in flight.
    usageRows: { append: (rows) => tracked(() => usageRows.append(rows)) },
    usageReports: createPgUsageReports(sql, deps.log),
    requestLog: createPgRequestLog(sql),
    usageRetention: createPgUsageRetention(sql),
    settings: createPgSettings(sql, deps.settings),
    adminSessions: createPgAdminSessionsRepo(sql),
    gateways: createPgGatewaysRepo(sql),
    // The ledger's statements go through the same door as the repositories': tracked, and errors named.
    budgetLedger: createPostgresBudgetLedger(sql),
    aiProviderTests: createPgAiProviderTestsRepo(sql),
    requestBodies: createPgRequestBodies(sql),
    changes,
    transaction(work) {
      if (insideTransaction.getStore()) return refuseInside();
      openTransactions++;
      return trackedDb
        .transaction(async (client: pg.PoolClient) => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [adminWriteLockKey]);
          return insideTransaction.run(true, () => work(repositories(guarded(sqlOf(client), db))));
        })
        .finally(() => {
          if (--openTransactions === 0) insideTransaction.disable();
        });
    },
    close() {
      if (closing) return;
      closing = true;
      if (inFlight === 0) finish();
    },
    db,
    closed: drained.then(() => Promise.all([changes.close(), db.close()])).then(() => undefined),
  };
  return store;
}
