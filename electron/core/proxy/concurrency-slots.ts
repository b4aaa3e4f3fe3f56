import { AppError } from '../../../shared/errors';
import type { Token } from '../../../shared/operations/tokens';

/** Lets a request's slot go: safe to call more than once, only the first call counts. */
export type SlotRelease = () => void;

/** A request waiting for a slot; `leave` takes it out of the queue (its client left), and `granted` then rejects. */
export interface QueuedSlot {
  granted: Promise<SlotRelease>;
  leave(): void;
}

interface Waiter {
  grant(release: SlotRelease): void;
  refuse(reason: Error): void;
  timer: NodeJS.Timeout | null;
}

interface TokenSlots {
  active: number;
  /** The token's limit as the latest request saw it: an edit applies from its next request on. */
  max: number;
  queue: Waiter[];
}

/** What a refused request is told to wait: a slot frees as soon as any request of the token ends. */
const retryAfterSeconds = 1;

/**
 * Per-token concurrency, held by this gateway process: a job token with `maxConcurrent` gets that
 * many requests at once; the next ones wait, first in first out, up to `maxQueued` of them and
 * each for up to `queueWaitSeconds`, instead of being refused at once. A full queue or a wait that
 * runs out is a 429 `concurrency_limit`. Each slot is released exactly once, when its exchange ends.
 */
export function createConcurrencySlots() {
  const byToken = new Map<string, TokenSlots>();

  const refusal = (token: Token, why: string) =>
    new AppError(
      'concurrency_limit',
      `Token ${token.name} may have ${token.limits.maxConcurrent} request${token.limits.maxConcurrent === 1 ? '' : 's'} in flight at once; ${why}`,
      { limit: 'maxConcurrent', maxConcurrent: token.limits.maxConcurrent, queueWaitSeconds: token.limits.queueWaitSeconds },
      retryAfterSeconds,
    );

  function releaseFor(tokenId: string, slots: TokenSlots): SlotRelease {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      slots.active--;
      handOn(tokenId, slots);
    };
  }

  /** Gives freed slots to the longest-waiting requests; forgets a token with nothing in flight or waiting. */
  function handOn(tokenId: string, slots: TokenSlots): void {
    while (slots.active < slots.max && slots.queue.length > 0) {
      const next = slots.queue.shift()!;
      if (next.timer) clearTimeout(next.timer);
      slots.active++;
      next.grant(releaseFor(tokenId, slots));
    }
    if (slots.active === 0 && slots.queue.length === 0) byToken.delete(tokenId);
  }

  return {
    /**
     * A slot for one request of this token: null when the token has no concurrency limit, a release
     * at once when a slot is free, a place in the queue when one must wait; throws the 429 when the
     * queue is full or the token does not wait.
     */
    acquire(token: Token): SlotRelease | QueuedSlot | null {
      const { maxConcurrent, queueWaitSeconds, maxQueued } = token.limits;
      if (maxConcurrent === null) return null;
      let slots = byToken.get(token.id);
      if (!slots) byToken.set(token.id, (slots = { active: 0, max: maxConcurrent, queue: [] }));
      slots.max = maxConcurrent;
      if (slots.active < slots.max && slots.queue.length === 0) {
        slots.active++;
        return releaseFor(token.id, slots);
      }
      if (queueWaitSeconds === 0) throw refusal(token, 'all are in use and this token does not wait');
      if (slots.queue.length >= maxQueued) throw refusal(token, `all are in use and ${maxQueued} more already wait`);
      const queue = slots.queue;
      const owner = slots;
      let waiter!: Waiter;
      const granted = new Promise<SlotRelease>((resolve, reject) => {
        waiter = { grant: resolve, refuse: reject, timer: null };
      });
      const leave = (reason: Error) => {
        const at = queue.indexOf(waiter);
        if (at < 0) return;
        queue.splice(at, 1);
        if (waiter.timer) clearTimeout(waiter.timer);
        waiter.refuse(reason);
        handOn(token.id, owner);
      };
      waiter.timer = setTimeout(() => leave(refusal(token, `none came free within ${queueWaitSeconds} s`)), queueWaitSeconds * 1000);
      queue.push(waiter);
      return { granted, leave: () => leave(new Error('the client left while waiting for a slot')) };
    },
    /** Refuses every waiting request with `error` (the gateway is shutting down). */
    refuseWaiting(error: AppError): void {
      for (const [tokenId, slots] of byToken) {
        for (const waiter of slots.queue.splice(0)) {
          if (waiter.timer) clearTimeout(waiter.timer);
          waiter.refuse(error);
        }
        handOn(tokenId, slots);
      }
    },
    /** Requests in flight and waiting, per token (for tests and status). */
    inUse(tokenId: string): { active: number; waiting: number } {
      const slots = byToken.get(tokenId);
      return { active: slots?.active ?? 0, waiting: slots?.queue.length ?? 0 };
    },
  };
}
export type ConcurrencySlots = ReturnType<typeof createConcurrencySlots>;
