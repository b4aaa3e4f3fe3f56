import { expect, it } from 'vitest';
import { instantOfUuid, timeOrderedUuid } from '../../electron/core/ids';

it('mints RFC 9562 version 7 ids whose instant reads back, sorted by time, unique within a millisecond', () => {
  const at = Date.UTC(2026, 10, 30, 8, 0, 0, 123);
  const ids = Array.from({ length: 1000 }, () => timeOrderedUuid(at));
  for (const id of ids) {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(instantOfUuid(id)).toBe(at);
  }
  expect(new Set(ids).size).toBe(1000);
  expect(timeOrderedUuid(at) < timeOrderedUuid(at + 1)).toBe(true);
});

it('reads no instant from other ids (a v4 UUID, anything else)', () => {
  expect(instantOfUuid('3b241101-e2bb-4255-8caf-4136c566a962')).toBeNull();
  expect(instantOfUuid('req-1')).toBeNull();
});
