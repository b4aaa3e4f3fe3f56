import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { expect, test } from './fixtures';
import { newUserJourney } from './journey';
import { AppPage } from './pages/app-page';
import { ProvidersPage } from './pages/providers-page';
import { UsagePage } from './pages/usage-page';

let upstream: FakeUpstream;
test.beforeEach(async () => {
  upstream = await startFakeUpstream();
});
test.afterEach(async () => {
  await upstream.close();
});

const question = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say hello' }] };

test('a new user wires a provider, issues a job token, watches usage arrive, exports it and revokes the token', async ({
  page,
  switchboard,
}, testInfo) => {
  test.setTimeout(120_000);
  await newUserJourney({ page, switchboard, upstream }, testInfo);
});

test('the layout holds at 1024×700 and in the dark theme', async ({ page, switchboard }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const app = new AppPage(page);
  await app.signIn(switchboard.loginUrl);
  await new ProvidersPage(page).add({
    name: 'Anthropic',
    slug: 'anthropic',
    defaultModel: 'fake-model-1',
    baseUrl: upstream.url,
    newKey: 'sk-ant-dark',
  });
  await (await new ProvidersPage(page).testConnection('Anthropic')).waitFor();
  const created = await page.request.post(`${switchboard.baseUrl}/api/v1/tokens`, {
    data: { name: 'nightly build', kind: 'job', labels: { pipeline: 'nightly', branch: 'main' } },
  });
  const { value } = (await created.json()) as { value: string };
  const answer = await fetch(`${switchboard.agentEndpoint}/ai/anthropic/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': value, 'content-type': 'application/json' },
    body: JSON.stringify(question),
  });
  expect(answer.status).toBe(200);

  // Nothing is cut off or needs sideways scrolling: not the page, not the content, not a table.
  const overflowing = `[document.documentElement, document.getElementById('main-content'), ...document.querySelectorAll('.table-scroll')]
    .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.id || el.className)`;
  for (const screen of ['Providers', 'Secrets', 'Tokens', 'Usage', 'Audit log', 'Settings'] as const) {
    await app.open(screen);
    if (screen === 'Usage') await new UsagePage(page).expectRequests(1);
    expect(await page.evaluate(overflowing), screen).toEqual([]);
    await app.screenshot(testInfo, `dark-${screen.toLowerCase().replace(' ', '-')}`);
  }
  const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
  expect(background).toBe('rgb(19, 20, 24)');
});
