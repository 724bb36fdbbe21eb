/**
 * Max affordable seconds: the longest call the caller can pay for, for authorization.
 *
 * The largest s <= cap whose (rounded) cost is <= available. If that s is at most the included
 * seconds and s < cap, the answer is 0: the first chargeable block is not affordable, so an
 * empty prepaid account cannot make included-seconds calls (`insufficient_funds`). A free rate
 * (connect 0, per-minute 0) gets the cap; a negative `available` gets 0 for every rate.
 *
 * Closed form, no search. The usage part of a call of b billable seconds costs
 * round(b·F / D), with F = P·(1,000,000 + m) and D = 60,000,000. With the spare money
 * A = available − C (half rounds up for non-negative amounts):
 *   floor((2·b·F + D) / (2·D)) <= A  ⟺  2·b·F + D < 2·D·(A + 1)  ⟺  b <= floor((2·D·A + D − 1) / (2·F)).
 * The billable amounts a call can reach are first, first + K, first + 2K, … (first = N, or K
 * when N = 0), so the longest affordable call ends at I + first + n·K for the largest block
 * within that bound.
 */
import { DEFAULT_BILLABLE_RULES, type BillableRules } from './billable';
import { COST_DIVISOR, costMicrosInNumbers, costOfCall, incrementOf, initialIncrementOf } from './formula';
import { MARKUP_UNITS_PER_PERCENT, type RateGroupPricing, type RateTerms } from './rate';

export function maxAffordableSeconds(
  terms: RateTerms,
  pricing: RateGroupPricing,
  availableMicros: number,
  capSeconds: number,
  rules: BillableRules = DEFAULT_BILLABLE_RULES,
): number {
  if (!Number.isSafeInteger(availableMicros)) throw new RangeError('available must be integer micros');
  if (!Number.isSafeInteger(capSeconds) || capSeconds < 0) throw new RangeError('cap must be >= 0');
  if (availableMicros < 0) return 0;
  // Under `billmsec_ceil` a call cut at s seconds (sched_hangup fires at or just after s) is
  // billed s + 1, so the answer is one second shorter than the budget allows.
  const slack = rules.duration === 'billmsec_ceil' ? 1 : 0;
  const longest = affords(terms, pricing, availableMicros, capSeconds + slack)
    ? capSeconds
    : Math.min(longestAffordableSeconds(terms, pricing, availableMicros) - slack, capSeconds);
  if (longest <= terms.includedSeconds && longest < capSeconds) return 0;
  // A minimum billable duration charges every call as if it lasted at least that long.
  const minimum = rules.minimumBillableSeconds;
  if (minimum > 0 && costOfCall(terms, pricing, minimum).costMicros > availableMicros) return 0;
  return longest;
}

/**
 * Whether a call of `seconds` is affordable, decided in Number arithmetic (the common case: the
 * funds cover the cap). Cost never falls as seconds grow (per-minute cost >= 0), so a yes means
 * `longestAffordableSeconds` >= `seconds`; false also when Numbers could not decide exactly, and
 * the BigInt closed form answers.
 */
function affords(terms: RateTerms, pricing: RateGroupPricing, available: number, seconds: number): boolean {
  if (terms.perMinuteMicros < 0 || !Number.isSafeInteger(seconds)) return false;
  const cost = costMicrosInNumbers(terms, pricing, seconds);
  return cost !== null && cost <= available;
}

/**
 * Largest s (unbounded by the cap) with cost(s) <= available (>= 0); Infinity when usage is
 * free. Exact in BigInt: 2·D·A overflows 2^53 from about 75 units of currency.
 */
export function longestAffordableSeconds(terms: RateTerms, pricing: RateGroupPricing, available: number): number {
  const spare = available - terms.connectMicros;
  if (spare < 0) return terms.includedSeconds;
  if (terms.perMinuteMicros === 0) return Number.POSITIVE_INFINITY;
  const initialSeconds = initialIncrementOf(terms, pricing);
  const incrementSeconds = incrementOf(terms, pricing);
  const firstBlock = initialSeconds > 0 ? initialSeconds : incrementSeconds;
  const factor =
    BigInt(terms.perMinuteMicros) * BigInt(100 * MARKUP_UNITS_PER_PERCENT + pricing.markupUnits);
  const divisor = BigInt(COST_DIVISOR);
  const maxBillable = (2n * divisor * BigInt(spare) + divisor - 1n) / (2n * factor);
  if (maxBillable < BigInt(firstBlock)) return terms.includedSeconds;
  const blocks = (maxBillable - BigInt(firstBlock)) / BigInt(incrementSeconds);
  const seconds = BigInt(terms.includedSeconds + firstBlock) + blocks * BigInt(incrementSeconds);
  return seconds > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(seconds);
}
