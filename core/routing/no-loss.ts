/**
 * No-loss routing: a route is dropped when its whole-call cost exceeds what the operator
 * receives for the same call, at 60 s or at the call's authorized maximum — whichever is worse
 * for the operator (so a route must be profitable at both). What the operator receives is the
 * top-level reseller's buy price, or the customer's price when there are no resellers; the
 * caller supplies it as a function of seconds, in the trunks' currency.
 *
 * On by default per rate group; an account may be allowed to route at a loss (pass `null`).
 */
import { costMicrosOfCall } from '../rating/formula';
import type { RateGroupPricing, RateTerms } from '../rating/rate';

/** The short reference duration: a typical minimum call. */
export const NO_LOSS_REFERENCE_SECONDS = 60;

export interface NoLossPolicy {
  /** What the operator receives for a call of `seconds`, in micros of the trunks' currency. */
  readonly revenueMicros: (seconds: number) => number;
  /** The call's authorized maximum; null when not known (only 60 s is checked). */
  readonly maxSeconds: number | null;
}

/**
 * True when a route on `terms` (its trunk's `pricing`) loses money at 60 s or at the call's
 * maximum (when known and different). No array of durations and no cost closure: this runs for
 * every route of every call.
 */
export function losesMoney(policy: NoLossPolicy, terms: RateTerms, pricing: RateGroupPricing): boolean {
  const short = NO_LOSS_REFERENCE_SECONDS;
  if (costMicrosOfCall(terms, pricing, short) > policy.revenueMicros(short)) return true;
  const max = policy.maxSeconds;
  return max !== null && max !== short && costMicrosOfCall(terms, pricing, max) > policy.revenueMicros(max);
}
