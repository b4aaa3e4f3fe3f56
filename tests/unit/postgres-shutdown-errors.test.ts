import { expect, it } from 'vitest';
import { parsePostgresUrl } from '../../electron/core/db/postgres/connection-url';
import { describePostgresError } from '../../electron/core/db/postgres/error-mapping';
import { isStoreUnavailable } from '../../electron/core/db/store-outage';

const target = parsePostgresUrl('postgres://gateway:hunter2-secret@127.0.0.1:5432/team');

/**
 * A statement in flight when the database shuts down (`pg_ctl stop -m fast`, a restart, a
 * failover) fails with 57P01/57P02 or a class-08 code. That is the database going away: the
 * gateway must answer from its cached configuration (and spool usage), not fail the request.
 */
it.each([
  ['57P01', 'terminating connection due to administrator command'],
  ['57P02', 'terminating connection because of crash of another server process'],
  ['08006', 'connection failure'],
  ['08003', 'connection does not exist'],
])('counts %s (%s) as the store being unreachable, with no password in the message', (code, message) => {
  const described = describePostgresError(Object.assign(new Error(message), { code }), target);
  expect(isStoreUnavailable(described)).toBe(true);
  expect(described!.message).not.toContain('hunter2-secret');
});

it('leaves a statement’s own failure (a unique violation) to the caller', () => {
  expect(describePostgresError(Object.assign(new Error('duplicate key'), { code: '23505' }), target)).toBeUndefined();
});
