import { describe, expect, it } from 'vitest';
import type { UsageRecord } from '../../shared/operations/usage';
import type { UsageRowsRepo } from '../../electron/core/db/usage-repo';
import { createMemoryLogger } from '../../electron/core/log';
import { createUsageRecorder } from '../../electron/core/usage/usage-recorder';

const row = (i: number) => ({ requestId: `r${i}` }) as UsageRecord;

/** A store that cannot write at all (a full disk) until `recover` is called. */
function failingStore() {
  let failing = true;
  const written: UsageRecord[] = [];
  const rows: UsageRowsRepo = {
    append: (batch) => (failing ? Promise.reject(new Error('database or disk is full')) : (written.push(...batch), Promise.resolve([]))),
  };
  return { rows, written, recover: () => (failing = false) };
}

describe('the usage queue is bounded', () => {
  it('keeps rows while the store cannot write, and counts (and logs) what no longer fits', async () => {
    const store = failingStore();
    const log = createMemoryLogger();
    const recorder = createUsageRecorder({ rows: store.rows, log, maxQueued: 10, flushMs: 60_000 });
    for (let i = 0; i < 8; i++) recorder.record(row(i));
    recorder.flush();
    await Promise.resolve();
    expect(recorder.stats()).toEqual({ pendingRows: 8, droppedRows: 0, quarantinedRows: 0 });
    for (let i = 8; i < 15; i++) recorder.record(row(i));
    expect(recorder.stats()).toEqual({ pendingRows: 10, droppedRows: 5, quarantinedRows: 0 });
    expect(log.lines.filter((line) => line.includes('usage queue full'))).toHaveLength(1);

    store.recover();
    recorder.close();
    expect(store.written.map((r) => r.requestId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
    expect(recorder.stats()).toEqual({ pendingRows: 0, droppedRows: 5, quarantinedRows: 0 });
  });
});
