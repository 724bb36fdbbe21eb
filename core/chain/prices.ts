/**
 * Reseller chains: customer → reseller(s) → operator. One call debits the customer at its
 * reseller's sell rate, each reseller at its parent's rate, up to the operator; the carrier cost
 * comes from the termination rate. Each level's charge is computed in the rate's currency
 * (the formula rounds once), then converted into the level's account currency (one named
 * rounding step, `CONVERT_HALF_AWAY_FROM_ZERO`).
 *
 * The chain's max affordable seconds is the minimum over the levels that have a balance limit:
 * every level must be able to pay for the whole call.
 */
import { DEFAULT_BILLABLE_RULES, type BillableRules } from '../rating/billable';
import { costMicrosOfCall, costOfCall } from '../rating/formula';
import { maxAffordableSeconds } from '../rating/max-seconds';
import type { RateGroupPricing, RateTerms } from '../rating/rate';
import type { ConversionError, ConversionTable } from './currency';

export interface PricedRate {
  readonly terms: RateTerms;
  readonly pricing: RateGroupPricing;
  /** Currency the rate's amounts are in (its rate group's). */
  readonly currency: string;
}

export interface ChainLevel {
  readonly account: string;
  /** The account's currency: its charges and balance. */
  readonly currency: string;
  /** What this level pays: its parent's sell rate (for the top level, the operator's). */
  readonly rate: PricedRate;
  /** Funds available (balance + credit), in the account's currency; absent = no limit. */
  readonly availableMicros?: number;
}

export interface LevelCharge {
  readonly account: string;
  readonly currency: string;
  readonly billableSeconds: number;
  /** The charge in the rate's currency, before conversion. */
  readonly rateCurrencyMicros: number;
  /** The charge in the account's currency: what its ledger posts. */
  readonly chargeMicros: number;
}

export interface ChainPrices {
  readonly ok: true;
  /** Customer first, top-level reseller last. */
  readonly charges: readonly LevelCharge[];
  readonly carrierCostMicros: number;
  readonly operator: {
    readonly currency: string;
    /** The top level's charge in the operator's currency. */
    readonly revenueMicros: number;
    /** The carrier cost in the operator's currency. */
    readonly carrierCostMicros: number;
    readonly marginMicros: number;
  };
}

export interface ChainCall {
  readonly levels: readonly ChainLevel[];
  readonly carrier: PricedRate;
  readonly operatorCurrency: string;
  readonly seconds: number;
}

export function chainPrices(
  call: ChainCall,
  table: ConversionTable,
): ChainPrices | ConversionError {
  if (call.levels.length === 0) throw new RangeError('chain: the customer level is needed');
  const charges: LevelCharge[] = [];
  for (const level of call.levels) {
    const cost = costOfCall(level.rate.terms, level.rate.pricing, call.seconds);
    const converted = table.convert(cost.costMicros, level.rate.currency, level.currency);
    if (!converted.ok) return converted;
    charges.push({
      account: level.account,
      currency: level.currency,
      billableSeconds: cost.billableSeconds,
      rateCurrencyMicros: cost.costMicros,
      chargeMicros: converted.micros,
    });
  }
  const top = charges[charges.length - 1] as LevelCharge;
  const revenue = table.convert(top.chargeMicros, top.currency, call.operatorCurrency);
  const { terms, pricing, currency } = call.carrier;
  const carrierCostMicros = costOfCall(terms, pricing, call.seconds).costMicros;
  const carrier = table.convert(carrierCostMicros, currency, call.operatorCurrency);
  if (!revenue.ok) return revenue;
  if (!carrier.ok) return carrier;
  return {
    ok: true,
    charges,
    carrierCostMicros,
    operator: {
      currency: call.operatorCurrency,
      revenueMicros: revenue.micros,
      carrierCostMicros: carrier.micros,
      marginMicros: revenue.micros - carrier.micros,
    },
  };
}

/**
 * The longest call every level can pay for: per level, the largest rate-currency amount whose
 * conversion stays within its available funds, then the closed-form max seconds on its rate
 * under the customer's rate group's billable rules (the rater charges every level by them).
 */
export function chainMaxSeconds(
  levels: readonly ChainLevel[],
  table: ConversionTable,
  capSeconds: number,
  rules: BillableRules = DEFAULT_BILLABLE_RULES,
): { ok: true; maxSeconds: number; limitedBy: string | null } | ConversionError {
  let maxSeconds = capSeconds;
  let limitedBy: string | null = null;
  for (const level of levels) {
    if (level.availableMicros === undefined) continue;
    let seconds = 0;
    if (level.availableMicros >= 0) {
      const { rate } = level;
      // In one currency the largest amount converting within the funds is the funds themselves
      // (the 1/1 rate): no conversion, none of its BigInt arithmetic (the edge asks on every call).
      let budget = level.availableMicros;
      if (rate.currency !== level.currency) {
        const converted = table.largestWithin(budget, rate.currency, level.currency);
        if (!converted.ok) return converted;
        budget = converted.micros;
      }
      seconds = maxAffordableSeconds(rate.terms, rate.pricing, budget, capSeconds, rules);
    }
    if (seconds < maxSeconds) {
      maxSeconds = seconds;
      limitedBy = level.account;
    }
  }
  return { ok: true, maxSeconds, limitedBy };
}

/** What the operator receives for `seconds`, in `currency`: the no-loss routing reference. */
export function operatorRevenueMicros(
  levels: readonly ChainLevel[],
  table: ConversionTable,
  currency: string,
): (seconds: number) => number {
  const top = levels[levels.length - 1];
  if (top === undefined) throw new RangeError('chain: at least the customer level is needed');
  const { terms, pricing } = top.rate;
  return (seconds) => {
    const charged = convertForRouting(table, costMicrosOfCall(terms, pricing, seconds), top.rate.currency, top.currency);
    return convertForRouting(table, charged, top.currency, currency);
  };
}

/**
 * Routing asks on every call: a step between equal currencies (the 1/1 rate, the amount
 * itself) is skipped rather than converted in BigInt.
 */
function convertForRouting(table: ConversionTable, micros: number, from: string, to: string): number {
  if (from === to) return micros;
  const converted = table.convert(micros, from, to);
  if (!converted.ok) throw new Error(`chain: ${converted.message} (check the table before routing)`);
  return converted.micros;
}
