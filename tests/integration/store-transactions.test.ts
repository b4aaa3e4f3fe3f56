import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../electron/core/db/sqlite/sqlite-store';
import { createMemoryLogger } from '../../electron/core/log';
import { makeTempDir } from '../support/temp-dir';
import { testClock } from '../support/test-clock';

const at = '2026-01-01T00:00:00.000Z';
const project = (id: string) => ({ id, name: id, createdAt: at, updatedAt: at });

/** A promise the test settles by hand: it holds a transaction open across an await. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('store transactions over awaited work (SQLite)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: ReturnType<typeof openSqliteStore>;
  beforeEach(() => {
    temp = makeTempDir();
    store = openSqliteStore(path.join(temp.dir, 'switchboard.db'), { log: createMemoryLogger('warn'), clock: testClock() });
  });
  afterEach(() => {
    store.close();
    temp.cleanup();
  });

  it('keeps nothing of a transaction whose work rejects after an await', async () => {
    const failed = store.transaction(async (tx) => {
      await tx.projects.insert(project('prj_undone'));
      await Promise.resolve();
      throw new Error('refused half-way');
    });
    await expect(failed).rejects.toThrow('refused half-way');
    expect(await store.projects.get('prj_undone')).toBeNull();
    expect(store.db.inTransaction).toBe(false);
  });

  it('makes a write from elsewhere wait for the open transaction, so its rollback does not take the write along', async () => {
    const held = gate();
    const failed = store.transaction(async (tx) => {
      await tx.projects.insert(project('prj_inside'));
      await held.opened;
      throw new Error('rolled back');
    });
    let outsideDone = false;
    const outside = store.projects.insert(project('prj_outside')).then(() => (outsideDone = true));
    // While the transaction is open, the outside write has not run (nor seen its uncommitted row).
    await new Promise((resolve) => setImmediate(resolve));
    expect(outsideDone).toBe(false);
    held.open();
    await expect(failed).rejects.toThrow('rolled back');
    await outside;
    expect(await store.projects.get('prj_inside')).toBeNull();
    expect(await store.projects.get('prj_outside')).not.toBeNull();
  });

  it("refuses the store's own repositories inside a transaction instead of waiting on itself", async () => {
    // The guard is switched off between transactions (it costs the hot path); it must come back.
    await store.transaction((tx) => tx.projects.insert(project('prj_before_misuse')));
    const misuse = store.transaction(async (tx) => {
      await tx.projects.insert(project('prj_misuse'));
      await store.projects.get('prj_misuse');
    });
    await expect(misuse).rejects.toThrow("use the transaction's repositories");
    expect(await store.projects.get('prj_misuse')).toBeNull();
  });

  it('runs transactions one after another, each seeing what the previous committed', async () => {
    const name = async () => (await store.projects.get('prj_counter'))?.name ?? '';
    await store.projects.insert(project('prj_counter'));
    const increments = Array.from({ length: 5 }, () =>
      store.transaction(async (tx) => {
        const current = (await tx.projects.get('prj_counter'))!.name;
        await new Promise((resolve) => setImmediate(resolve));
        await tx.projects.rename('prj_counter', `${current}+`, at);
      }),
    );
    await Promise.all(increments);
    expect(await name()).toBe('prj_counter+++++');
  });
});
