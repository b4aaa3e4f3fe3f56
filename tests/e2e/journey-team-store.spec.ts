import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { newUserJourney } from './journey';
import { test } from './team-store-fixtures';

let upstream: FakeUpstream;
test.beforeEach(async () => {
  upstream = await startFakeUpstream();
});
test.afterEach(async () => {
  await upstream.close();
});

test('on a team database (PostgreSQL), the same journey: provider, job token, usage, export, revocation, audit', async ({
  page,
  switchboard,
}, testInfo) => {
  test.setTimeout(120_000);
  await newUserJourney({ page, switchboard, upstream }, testInfo);
});
