import type { BudgetScope } from '../../../shared/operations/budgets';

/** Where a new counter's spend so far is read from: the daily rollups of one scope, from a day on (null: ever). */
export interface CounterSeed {
  scope: BudgetScope;
  id: string;
  fromDay: string | null;
}

/** One budget in one period: the unit a request's estimate is held on. */
export interface CounterKey {
  /** A budget id, or a token id for the token's own lifetime cap. */
  key: string;
  /** The period's first instant (ISO), or `lifetime`. */
  periodStart: string;
}

/** A counter and where its spend so far is read from until it is first charged. */
export interface SeededCounter extends CounterKey {
  seed: CounterSeed;
}

export interface CappedCounter extends SeededCounter {
  capMicroUsd: number;
}

export interface CounterBalance extends CounterKey {
  spentMicroUsd: number;
  reservedMicroUsd: number;
}

export interface ReservationRequest {
  id: string;
  amountMicroUsd: number;
  /** After this instant a reservation nobody settled (its gateway died) is released. */
  expiresAt: string;
  counters: readonly CappedCounter[];
}

/**
 * The reservation ledger behind every spend cap. A reservation holds an estimate on all of a
 * request's counters or on none, atomically, so concurrent requests (and many gateways) can
 * never together cross a cap; settling replaces the estimate with the actual cost.
 */
export interface BudgetLedger {
  /** Holds the amount on every counter, or answers the key of the first counter it would cross (then nothing is held). */
  reserve(request: ReservationRequest): Promise<{ crossed: string | null }>;
  /**
   * Ends a reservation: its hold is lifted (unless it already expired) and the actual cost is
   * added to the same counters. Answers the counters' balances afterwards.
   */
  settle(id: string, counters: readonly CounterKey[], costMicroUsd: number): Promise<CounterBalance[]>;
  /** Lifts the holds of reservations past their expiry; answers how many there were. */
  releaseExpired(now: string): Promise<number>;
  /** Where counters stand (absent ones are left out). */
  balances(counters: readonly CounterKey[]): Promise<CounterBalance[]>;
  /**
   * Where each counter stands, in order: a counter not yet charged (no request under it since it
   * was set, or since the ledger was added) stands at its seed, the spend its scope's rollups
   * already hold, with nothing reserved; exactly what its first reservation will start from.
   */
  standings(counters: readonly SeededCounter[]): Promise<CounterBalance[]>;
  /** Records that a threshold's alert went out for a counter; false when it already had. */
  markAlert(counter: CounterKey, threshold: number, at: string): Promise<boolean>;
}
