import { createHmac } from 'node:crypto';
import type { BudgetWebhook } from '../../../shared/operations/budgets';
import type { Clock } from '../clock';
import type { Store } from '../db/store';
import type { CoreEvents, EventBus } from '../events';
import type { Logger } from '../log';
import type { AuditService } from './audit-service';

type Alert = CoreEvents['budget.thresholdReached'];

/** Waits between webhook attempts: a failed delivery is tried again this many times. */
export const defaultWebhookRetryDelaysMs = [1_000, 5_000, 30_000];
const webhookTimeoutMs = 10_000;

/** Cents, or micro-dollars for amounts below a cent (a test budget, a cheap model). */
const dollars = (micro: number) => `$${(micro / 1_000_000).toFixed(micro < 10_000 ? 6 : 2)}`;

/** Slack-compatible: Slack shows `text`; other receivers read the alert under `switchboard`. */
export function webhookPayload(alert: Alert): string {
  const period = alert.periodStart === 'lifetime' ? 'its lifetime' : `the period from ${alert.periodStart}`;
  const text =
    alert.threshold >= 100
      ? `Switchboard: the ${alert.budgetName} is used up (${dollars(alert.spentMicroUsd)} of ${dollars(alert.capMicroUsd)}, ${period}); requests under it are refused.`
      : `Switchboard: the ${alert.budgetName} reached ${alert.threshold} % (${dollars(alert.spentMicroUsd)} of ${dollars(alert.capMicroUsd)}, ${period}).`;
  return JSON.stringify({ text, switchboard: { event: 'budget.thresholdReached', ...alert } });
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<body>`): the receiver recomputes it to trust the alert. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Where a budget alert goes besides the desktop: an audit event (actor `switchboard`), and the
 * project's webhook, signed, retried on failure with growing waits. Never blocks the proxy.
 */
export function startBudgetAlertDispatch(deps: {
  events: EventBus;
  store: Store;
  audit: AuditService;
  clock: Clock;
  log: Logger;
  readSecret(secretId: string): Promise<string>;
  retryDelaysMs?: readonly number[];
}) {
  const retryDelays = deps.retryDelaysMs ?? defaultWebhookRetryDelaysMs;
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  async function post(webhook: BudgetWebhook, body: string): Promise<void> {
    const timestamp = String(Math.floor(deps.clock.now().getTime() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-switchboard-timestamp': timestamp };
    if (webhook.secretId) headers['x-switchboard-signature'] = webhookSignature(await deps.readSecret(webhook.secretId), timestamp, body);
    const answer = await fetch(webhook.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(webhookTimeoutMs) });
    await answer.arrayBuffer();
    if (!answer.ok) throw new Error(`the webhook answered ${answer.status}`);
  }

  function deliver(webhook: BudgetWebhook, body: string, attempt: number): void {
    post(webhook, body).catch((error: unknown) => {
      const delay = retryDelays[attempt];
      const fields = { projectId: webhook.projectId, attempt: attempt + 1, message: (error as Error).message };
      if (stopped || delay === undefined) return deps.log.warn('a budget alert webhook failed; giving up', fields);
      deps.log.info('a budget alert webhook failed; trying again', fields);
      const timer = setTimeout(() => {
        timers.delete(timer);
        deliver(webhook, body, attempt + 1);
      }, delay);
      timer.unref();
      timers.add(timer);
    });
  }

  async function dispatch(alert: Alert): Promise<void> {
    const target = {
      type: alert.budgetId ? ('budget' as const) : ('token' as const),
      id: alert.budgetId ?? alert.scopeId,
      projectId: alert.projectId,
    };
    await deps.store.transaction((tx) =>
      deps.audit.record(tx, 'switchboard', 'budgets:ThresholdReached', target, [`threshold.${alert.threshold}`]),
    );
    const webhook = await deps.store.budgetWebhooks.get(alert.projectId);
    if (webhook) deliver(webhook, webhookPayload(alert), 0);
  }

  const off = deps.events.on('budget.thresholdReached', (alert) => {
    dispatch(alert).catch((error: unknown) => deps.log.error('a budget alert could not be sent', { message: (error as Error).message }));
  });

  return {
    stop(): void {
      stopped = true;
      off();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
