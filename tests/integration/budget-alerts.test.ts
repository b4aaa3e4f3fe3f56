import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../shared/operations/audit-events';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** A receiver that fails its first `failures` deliveries with 500, then takes them. */
interface Receiver {
  url: string;
  posts: { headers: IncomingHttpHeaders; body: string; status: number }[];
  close(): Promise<void>;
}

async function startReceiver(failures: number): Promise<Receiver> {
  const posts: Receiver['posts'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = posts.length < failures ? 500 : 200;
      posts.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/budget`,
    posts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const signingKey = 'whsec-budget-alerts-0123456789';
const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
let h: ProxyHarness;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver(2);
  h = await startProxyHarness({ providers: [{ slug: 'anthropic' }], tokens: [{ name: 'alerted' }], webhookRetryDelaysMs: [10, 20, 40] });
});
afterAll(async () => {
  await h.stop();
  await receiver.close();
});

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('budget alerts', () => {
  it('go to the project webhook once per threshold, signed with the linked secret, retried until it takes them, and to the audit trail', async () => {
    const admin = adminSessionActor;
    const token = h.tokens[0]!.token;
    const secret = (await h.core.invoke('createSecret', { name: 'webhook signing', value: signingKey }, admin)) as { id: string };
    await h.core.invoke('setBudgetWebhook', { projectId: token.projectId, url: receiver.url, secretId: secret.id }, admin);
    // 240 micro-dollars: the first request (estimated 219, costing 123) passes 50 %; the second estimate no longer fits.
    const budget = (await h.core.invoke(
      'createBudget',
      { name: 'alerted', scope: 'token', scopeId: token.id, period: 'weekly', capUsd: 0.00024 },
      admin,
    )) as { id: string };
    const send = () =>
      fetch(`${h.endpoint}/ai/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': h.tokens[0]!.value }, body });
    expect((await send()).status).toBe(200);
    await eventually(() => receiver.posts.some((post) => post.status === 200));
    expect((await send()).status).toBe(429);
    expect((await send()).status).toBe(429);

    const delivered = () => receiver.posts.filter((post) => post.status === 200);
    await eventually(() => delivered().length === 3);
    // Two failures were retried: five posts for three alerts, each alert taken exactly once.
    expect(receiver.posts).toHaveLength(5);
    const alerts = delivered().map(
      (post) => JSON.parse(post.body) as { text: string; switchboard: { threshold: number; budgetId: string } },
    );
    expect(alerts.map((alert) => alert.switchboard.threshold).sort((a, b) => a - b)).toEqual([50, 80, 100]);
    expect(alerts.every((alert) => alert.switchboard.budgetId === budget.id)).toBe(true);
    expect(alerts.find((alert) => alert.switchboard.threshold === 50)!.text).toMatch(
      /budget alerted reached 50 % \(\$0\.000123 of \$0\.000240/,
    );
    for (const post of receiver.posts) {
      const timestamp = post.headers['x-switchboard-timestamp'] as string;
      const expected = `sha256=${createHmac('sha256', signingKey).update(`${timestamp}.${post.body}`).digest('hex')}`;
      expect(post.headers['x-switchboard-signature']).toBe(expected);
      expect(post.body).not.toContain(signingKey);
    }

    const audit = (await h.core.invoke('listAuditEvents', { action: 'budgets:ThresholdReached' }, admin)) as { items: AuditEvent[] };
    expect(audit.items.map((event) => [event.actor, event.targetId, event.changedFields])).toEqual(
      expect.arrayContaining([
        ['switchboard', budget.id, ['threshold.50']],
        ['switchboard', budget.id, ['threshold.80']],
        ['switchboard', budget.id, ['threshold.100']],
      ]),
    );
    expect(audit.items).toHaveLength(3);
  });
});
