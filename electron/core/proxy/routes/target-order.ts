import type { AiProvider } from '../../../../shared/operations/ai-providers';
import type { Route } from '../../../../shared/operations/routes';

/** One AI provider a request may be sent to, with what its route says about it. */
export interface Candidate {
  provider: AiProvider;
  /** The model sent instead of the client's, or null. */
  model: string | null;
  pinFollowUps: boolean;
  weight: number;
}

/** Where a request may go: one AI provider (no route, no retries) or a route's targets. */
export interface Routing {
  route: Route | null;
  candidates: Candidate[];
}

/** A request header naming the target (an `aip_` id) a follow-up turn must go to; routed answers name theirs the same way. */
export const targetHeader = 'x-switchboard-target';

/**
 * The order a request tries a route's targets in. `fallback`: as listed. `weighted`: the first
 * target by smooth weighted round-robin (nginx's: exact shares, evenly interleaved, no randomness),
 * then the others as listed. A follow-up turn pinned by header, or carrying signed thinking blocks
 * when a target is flagged for them, goes to that one target only.
 */
export function createTargetOrder() {
  /** Per route: each target's running weight. */
  const running = new Map<string, number[]>();

  function weightedFirst(route: Route, candidates: Candidate[]): number {
    let current = running.get(route.id);
    if (!current || current.length !== candidates.length) {
      current = candidates.map(() => 0);
      running.set(route.id, current);
    }
    let total = 0;
    let best = 0;
    for (let i = 0; i < candidates.length; i++) {
      current[i]! += candidates[i]!.weight;
      total += candidates[i]!.weight;
      if (current[i]! > current[best]!) best = i;
    }
    current[best]! -= total;
    return best;
  }

  return {
    order(routing: Routing, pinnedTo: string | undefined, raw: Buffer | null): Candidate[] {
      const { route, candidates } = routing;
      if (!route) return candidates;
      if (pinnedTo) {
        const pinned = candidates.find((c) => c.provider.id === pinnedTo);
        if (pinned) return [pinned];
      }
      const keeper = candidates.find((c) => c.pinFollowUps);
      if (keeper && carriesSignedThinking(raw)) return [keeper];
      if (route.strategy !== 'weighted' || candidates.length < 2) return candidates;
      const first = weightedFirst(route, candidates);
      return [candidates[first]!, ...candidates.filter((_, i) => i !== first)];
    },
    /** A route changed: its rotation starts over. */
    forget(routeId: string): void {
      running.delete(routeId);
    },
  };
}
export type TargetOrder = ReturnType<typeof createTargetOrder>;

const signature = Buffer.from('"signature"');

/** An Anthropic follow-up turn that sends back thinking blocks (their signatures bind them to one account). */
function carriesSignedThinking(raw: Buffer | null): boolean {
  if (!raw || !raw.includes(signature)) return false;
  try {
    const body = JSON.parse(raw.toString('utf8')) as { messages?: { content?: unknown }[] };
    return (body.messages ?? []).some(
      (message) =>
        Array.isArray(message.content) &&
        message.content.some((block: { type?: unknown }) => block?.type === 'thinking' || block?.type === 'redacted_thinking'),
    );
  } catch {
    return false;
  }
}
