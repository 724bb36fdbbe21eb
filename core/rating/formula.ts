/**
 * The rating formula: ASTPP's semantics, made exact.
 *
 * For `seconds` charged on a rate (connect cost C, included seconds I, per-minute cost P,
 * initial increment N, increment K) in a rate group with markup m % and default increments:
 *
 *   seconds <= I                      -> cost 0 (the connect cost is not charged either)
 *   d        = seconds - I
 *   N = 0    -> the group's default initial increment (which may be 0: no initial block)
 *   K = 0    -> the group's default increment; if that is 0 too, K = 1
 *   billable = N + ceil(max(0, d - N) / K) * K            (the initial block is charged in full)
 *   exact    = C + billable * P * (100 + m) / 100 / 60    (markup never touches C, as in ASTPP)
 *   cost     = exact rounded half away from zero to a whole micro, once per call
 *
 * Everything is integer arithmetic: P is in micros, m in 1/10,000 of a percent, so
 * exact = C + billable * P * (1,000,000 + m) / 60,000,000 with one rounding at the end.
 */
import { divideRoundHalfAwayFromZero, divideRoundHalfAwayFromZeroSafe } from '../money/rounding';
import { MARKUP_UNITS_PER_PERCENT, type RateGroupPricing, type RateTerms } from './rate';

const HUNDRED_PERCENT_UNITS = 100 * MARKUP_UNITS_PER_PERCENT;
/** 100 % in markup units × 60 seconds per minute: the formula's one divisor. */
export const COST_DIVISOR = HUNDRED_PERCENT_UNITS * 60;

export interface CallCost {
  /** Seconds charged after included seconds and increments (0 within included seconds). */
  readonly billableSeconds: number;
  readonly costMicros: number;
}

/** The rate's initial increment, else the group's default (0 there too: no initial block). */
export function initialIncrementOf(terms: RateTerms, pricing: RateGroupPricing): number {
  return terms.initialIncrementSeconds > 0
    ? terms.initialIncrementSeconds
    : pricing.defaultInitialIncrementSeconds;
}

/** The rate's increment, else the group's default, else 1 second. */
export function incrementOf(terms: RateTerms, pricing: RateGroupPricing): number {
  if (terms.incrementSeconds > 0) return terms.incrementSeconds;
  return pricing.defaultIncrementSeconds > 0 ? pricing.defaultIncrementSeconds : 1;
}

/** `billable` above for `seconds` charged (0 within included seconds). */
function billableFor(included: number, initial: number, increment: number, seconds: number): number {
  const beyondIncluded = seconds - included;
  if (beyondIncluded <= 0) return 0;
  const afterInitial = beyondIncluded > initial ? beyondIncluded - initial : 0;
  return initial + Math.ceil(afterInitial / increment) * increment;
}

/** Cost of `seconds` charged: integer micros, rounded once, half away from zero. */
export function costOfCall(terms: RateTerms, pricing: RateGroupPricing, seconds: number): CallCost {
  const billable = billableSecondsOf(terms, pricing, seconds);
  if (billable === 0) return { billableSeconds: 0, costMicros: 0 };
  return { billableSeconds: billable, costMicros: costOfBillable(terms, pricing, billable) };
}

/**
 * `costOfCall`, or null when the cost passes 2^53 − 1 micros (a rate of a million a minute for a
 * week does): for callers that answer a person's query with a code instead of throwing.
 */
export function costOfCallInRange(terms: RateTerms, pricing: RateGroupPricing, seconds: number): CallCost | null {
  const billable = billableSecondsOf(terms, pricing, seconds);
  if (billable === 0) return { billableSeconds: 0, costMicros: 0 };
  const costMicros = unsafeCostOfBillable(terms, pricing, billable);
  return Number.isSafeInteger(costMicros) ? { billableSeconds: billable, costMicros } : null;
}

/** `costOfCall(…).costMicros` without the result object: the rating hot path allocates nothing. */
export function costMicrosOfCall(terms: RateTerms, pricing: RateGroupPricing, seconds: number): number {
  const billable = billableSecondsOf(terms, pricing, seconds);
  return billable === 0 ? 0 : costOfBillable(terms, pricing, billable);
}

/**
 * `costMicrosOfCall` in Number arithmetic only, or null when that would not be exact (a usage
 * product past 2^53, a cost past 2^53 micros): for hot paths that keep an exact BigInt fallback.
 * Never throws for whole seconds.
 */
export function costMicrosInNumbers(terms: RateTerms, pricing: RateGroupPricing, seconds: number): number | null {
  const billable = billableSecondsOf(terms, pricing, seconds);
  if (billable === 0) return 0;
  const numerator = billable * terms.perMinuteMicros * (HUNDRED_PERCENT_UNITS + pricing.markupUnits);
  // Products of integers are exact up to 2^53; past it the float is >= 2^53 (rounding is monotone).
  if (!(numerator <= Number.MAX_SAFE_INTEGER && numerator >= 0)) return null;
  const cost = terms.connectMicros + divideRoundHalfAwayFromZeroSafe(numerator, COST_DIVISOR);
  return Number.isSafeInteger(cost) ? cost : null;
}

function billableSecondsOf(terms: RateTerms, pricing: RateGroupPricing, seconds: number): number {
  assertWholeSeconds(seconds);
  // The rating hot path (millions of CDRs): increments resolved without allocating.
  return billableFor(
    terms.includedSeconds,
    initialIncrementOf(terms, pricing),
    incrementOf(terms, pricing),
    seconds,
  );
}

/**
 * A cost past 2^53 − 1 micros, which no Number holds exactly: its own class, so a caller that
 * answers it as `out_of_range` cannot also swallow the formula's other RangeErrors (bad seconds).
 */
export class CostOutOfRangeError extends RangeError {}

/** C + round(billable × P × (100 + m) % / 60): the charge for `billable` seconds past included. */
export function costOfBillable(
  terms: RateTerms,
  pricing: RateGroupPricing,
  billable: number,
): number {
  const cost = unsafeCostOfBillable(terms, pricing, billable);
  if (!Number.isSafeInteger(cost)) throw new CostOutOfRangeError('costOfBillable: cost exceeds 2^53 micros');
  return cost;
}

/** `costOfBillable` before its range check: past 2^53 − 1 micros the Number is not a safe integer. */
function unsafeCostOfBillable(terms: RateTerms, pricing: RateGroupPricing, billable: number): number {
  const markupFactor = HUNDRED_PERCENT_UNITS + pricing.markupUnits;
  const numerator = billable * terms.perMinuteMicros * markupFactor;
  // A float product at or below MAX_SAFE_INTEGER is exact; above it, redo the sum in BigInt.
  const usage =
    numerator <= Number.MAX_SAFE_INTEGER
      ? divideRoundHalfAwayFromZeroSafe(numerator, COST_DIVISOR)
      : Number(
          divideRoundHalfAwayFromZero(
            BigInt(billable) * BigInt(terms.perMinuteMicros) * BigInt(markupFactor),
            BigInt(COST_DIVISOR),
          ),
        );
  return terms.connectMicros + usage;
}

function assertWholeSeconds(seconds: number): void {
  if (!(seconds >= 0 && Number.isSafeInteger(seconds))) {
    throw new RangeError(`rating: seconds must be a whole non-negative number, got ${seconds}`);
  }
}
