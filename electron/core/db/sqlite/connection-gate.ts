import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './database';

/** Runs one synchronous statement (or a few) and answers as a promise. */
export type StatementRunner = <T>(statement: () => T) => Promise<T>;

/**
 * The one SQLite connection, shared by every caller, with transactions that may await.
 *
 * better-sqlite3's own `transaction()` commits the moment its function returns, so it cannot hold
 * the awaits of an async `work`: whatever ran after the first await would land outside it (or
 * after the commit). So a transaction here is `BEGIN IMMEDIATE` … `COMMIT` written by hand around
 * the awaited work. On one connection, that means nothing else may run while it is open: a
 * statement from elsewhere would join the open transaction (and vanish with its rollback) or read
 * its uncommitted rows. Transactions and statements therefore take turns through a queue. When
 * the connection is idle — nearly always — a statement runs at once, at better-sqlite3's
 * synchronous speed; only statements arriving during a transaction wait for it to end.
 */
export function createConnectionGate(db: Db) {
  let busy = false;
  const waiting: Array<() => void> = [];
  // Marks the async context of an open transaction, so a statement from inside it that bypasses
  // `tx` fails loudly instead of waiting forever for the transaction it belongs to. It is disabled
  // again when the transaction ends: while enabled, Node runs async hooks for every promise, timer
  // and socket in the process, which costs the proxy's hot path a few percent.
  const insideTransaction = new AsyncLocalStorage<true>();

  const acquire = (): Promise<void> | void => {
    if (!busy) {
      busy = true;
      return;
    }
    if (insideTransaction.getStore()) {
      throw new Error("Inside store.transaction, use the transaction's repositories (tx), not the store's");
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };

  async function runTransaction<T>(work: (inside: StatementRunner) => Promise<T>): Promise<T> {
    let open = true;
    const inside: StatementRunner = (statement) =>
      open ? settle(statement) : Promise.reject(new Error('A statement ran after its transaction ended'));
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await insideTransaction.run(true, () => work(inside));
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      open = false;
      insideTransaction.disable();
      release();
    }
  }

  return {
    /** A statement outside any transaction: now when the connection is idle, else after the open transaction. */
    run: (<T>(statement: () => T): Promise<T> => {
      let turn: Promise<void> | void;
      try {
        turn = acquire();
      } catch (error) {
        return Promise.reject(error);
      }
      if (!turn) {
        try {
          return settle(statement);
        } finally {
          release();
        }
      }
      return turn.then(() => {
        try {
          return settle(statement);
        } finally {
          release();
        }
      });
    }) as StatementRunner,
    /** Runs `work` in one transaction; its statements go through the runner it is given. */
    transaction<T>(work: (inside: StatementRunner) => Promise<T>): Promise<T> {
      let turn: Promise<void> | void;
      try {
        turn = acquire();
      } catch (error) {
        return Promise.reject(error);
      }
      return turn ? turn.then(() => runTransaction(work)) : runTransaction(work);
    },
  };
}

/** A synchronous statement as the promise the interfaces speak (a throw becomes a rejection). */
function settle<T>(statement: () => T): Promise<T> {
  try {
    return Promise.resolve(statement());
  } catch (error) {
    return Promise.reject(error);
  }
}
