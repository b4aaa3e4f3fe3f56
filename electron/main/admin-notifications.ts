import type { CoreEvents, EventBus } from '../core/events';

/** A desktop notification to show, with the key the rate limiter groups it by. */
export interface AdminNotice {
  key: string;
  title: string;
  body: string;
}

/** Events an admin must act on, as notices. Keys group repeats of the same problem. */
export const adminNotices = {
  'token.spendCapReached': (event: CoreEvents['token.spendCapReached']): AdminNotice => ({
    key: `spend-cap:${event.tokenId}`,
    title: 'Token reached its spend cap',
    body: `"${event.tokenName}" is refused with 429 until its cap is raised or the period resets.`,
  }),
  'budget.thresholdReached': (event: CoreEvents['budget.thresholdReached']): AdminNotice => ({
    key: `budget:${event.budgetId ?? event.scopeId}:${event.periodStart}:${event.threshold}`,
    title: event.threshold >= 100 ? 'Budget used up' : `Budget at ${event.threshold} %`,
    body: `The ${event.budgetName} has spent $${(event.spentMicroUsd / 1_000_000).toFixed(2)} of $${(event.capMicroUsd / 1_000_000).toFixed(2)}${
      event.threshold >= 100 ? '; requests under it are refused until the cap is raised or the period resets.' : '.'
    }`,
  }),
  'upstream.authRejected': (event: CoreEvents['upstream.authRejected']): AdminNotice => ({
    key: `auth-rejected:${event.aiProviderId}`,
    title: 'Provider key rejected',
    body: `${event.providerName} answered ${event.status}: its stored key is probably wrong or revoked.`,
  }),
} as const;

export interface NoticeLimiterOptions {
  now: () => number;
  /** The same key is shown at most once per this many ms. */
  perKeyIntervalMs?: number;
  /** At most `maxPerWindow` notices in any `windowMs` overall, so a storm cannot flood the desktop. */
  maxPerWindow?: number;
  windowMs?: number;
}

/** Decides whether a notice may be shown now; remembers what it allowed. */
export function createNoticeLimiter(options: NoticeLimiterOptions) {
  const { now, perKeyIntervalMs = 10 * 60_000, maxPerWindow = 3, windowMs = 60_000 } = options;
  const lastShown = new Map<string, number>();
  let recent: number[] = [];
  return {
    allow(key: string): boolean {
      const t = now();
      recent = recent.filter((at) => t - at < windowMs);
      const last = lastShown.get(key);
      if (last !== undefined && t - last < perKeyIntervalMs) return false;
      if (recent.length >= maxPerWindow) return false;
      recent.push(t);
      // Keys of long-gone problems need not be remembered.
      for (const [k, at] of lastShown) if (t - at >= perKeyIntervalMs) lastShown.delete(k);
      lastShown.set(key, t);
      return true;
    },
  };
}
export type NoticeLimiter = ReturnType<typeof createNoticeLimiter>;

/** Subscribes to the admin events and shows the notices the limiter lets through. Returns unsubscribe. */
export function subscribeAdminNotifications(deps: {
  events: Pick<EventBus, 'on'>;
  limiter: NoticeLimiter;
  show: (notice: AdminNotice) => void;
}): () => void {
  const offer = (notice: AdminNotice) => {
    if (deps.limiter.allow(notice.key)) deps.show(notice);
  };
  const unsubscribers = [
    deps.events.on('token.spendCapReached', (event) => offer(adminNotices['token.spendCapReached'](event))),
    deps.events.on('upstream.authRejected', (event) => offer(adminNotices['upstream.authRejected'](event))),
    deps.events.on('budget.thresholdReached', (event) => offer(adminNotices['budget.thresholdReached'](event))),
  ];
  return () => unsubscribers.forEach((off) => off());
}
