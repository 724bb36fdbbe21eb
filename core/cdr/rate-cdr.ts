/**
 * Pricing one CDR once its facts are resolved (pure: the rater looks up accounts, devices and
 * decks, this decides the money). Three ways a call is priced:
 * - it charges 0 seconds under the billable rules (unanswered, a cause that does not bill): no
 *   rate is needed and nothing is charged;
 * - on-net (the callee is one of our devices): the account's local-call charge per minute;
 * - otherwise the chain: the customer at its rate group's row, each reseller at its parent's,
 *   through `chainPrices` — the same functions the edge's max-seconds answer uses.
 */
import type { ConversionTable } from '../chain/currency';
import { chainPrices, type ChainLevel } from '../chain/prices';
import type { RateSelection } from '../decks/compiled/select';
import type { NormalizedCdr } from '../freeswitch/normalized-cdr';
import { costOfCall } from '../rating/formula';
import { localCallTerms, NO_MARKUP, type RateTerms } from '../rating/rate';
import {
  callFields,
  type CarrierCostIssue,
  type CarrierCostRecord,
  type RateOutcome,
} from './rated-cdr';

/** A call that charges 0 seconds: rated, with no rate and no charge. */
export function rateNotBilled(cdr: NormalizedCdr, accountId: string): RateOutcome {
  return {
    ok: true,
    rated: {
      ...callFields(cdr, accountId),
      chargedSeconds: 0,
      billableSeconds: 0,
      basis: { kind: 'not_billed' },
      charges: [],
      revenueMicros: 0,
    },
  };
}

/** On-net: per-minute local charge by the second, no connect cost, no markup. */
export function rateLocalCall(
  cdr: NormalizedCdr,
  account: { readonly accountId: string; readonly currency: string },
  seconds: number,
  perMinuteMicros: number,
): RateOutcome {
  const cost = costOfCall(localCallTerms(perMinuteMicros), NO_MARKUP, seconds);
  const charges =
    cost.costMicros > 0
      ? [
          {
            accountId: account.accountId,
            currency: account.currency,
            chargeMicros: cost.costMicros,
          },
        ]
      : [];
  return {
    ok: true,
    rated: {
      ...callFields(cdr, account.accountId),
      chargedSeconds: seconds,
      billableSeconds: cost.billableSeconds,
      basis: { kind: 'local_call', perMinuteMicros },
      charges,
      revenueMicros: 0,
    },
  };
}

export interface PricedChain {
  /** Customer first; each level priced at its parent's rate (see `core/chain/prices.ts`). */
  readonly levels: readonly ChainLevel[];
  readonly selection: RateSelection;
  /** True when the selection is the one the edge recorded on the CDR. */
  readonly recorded: boolean;
  readonly table: ConversionTable;
  readonly operatorCurrency: string;
  /** The termination rate of the trunk this leg names, or why it has none (no trunk: absent). */
  readonly carrier?: CarrierRate | CarrierCostIssue;
}

/** A trunk's termination row: the carrier's price for the call (no markup). */
export interface CarrierRate {
  readonly trunk: string;
  readonly selection: RateSelection;
  readonly terms: RateTerms;
  /** The currency of the rate group holding the trunk's deck. */
  readonly currency: string;
}

/** The chain's charges for `seconds`; a missing conversion rate leaves the CDR unrated. */
export function rateThroughChain(
  cdr: NormalizedCdr,
  accountId: string,
  seconds: number,
  chain: PricedChain,
): RateOutcome {
  const priced = typeof chain.carrier === 'object' ? chain.carrier : undefined;
  const carrier = priced
    ? { terms: priced.terms, pricing: NO_MARKUP, currency: priced.currency }
    : { terms: FREE, pricing: NO_MARKUP, currency: chain.operatorCurrency };
  const call = { levels: chain.levels, carrier, operatorCurrency: chain.operatorCurrency, seconds };
  const prices = chainPrices(call, chain.table);
  if (!prices.ok) return { ok: false, code: 'no_rate', message: prices.message };
  const charges = prices.charges
    .filter((level) => level.chargeMicros !== 0)
    .map((level) => ({
      accountId: level.account,
      currency: level.currency,
      chargeMicros: level.chargeMicros,
    }));
  const { operator } = prices;
  const cost = priced
    ? {
        carrier: carrierRecord(priced, prices.carrierCostMicros),
        carrierCostMicros: operator.carrierCostMicros,
        marginMicros: operator.marginMicros,
      }
    : carrierFlag(chain.carrier);
  return {
    ok: true,
    rated: {
      ...callFields(cdr, accountId),
      chargedSeconds: seconds,
      billableSeconds: prices.charges[0]?.billableSeconds ?? 0,
      basis: { kind: 'deck', ...chain.selection, recorded: chain.recorded },
      charges,
      revenueMicros: operator.revenueMicros,
      ...cost,
    },
  };
}

/**
 * A carrier leg (a B-leg): the customer is billed from the A-leg, so nothing is charged here;
 * the leg records its trunk's termination rate and cost for `seconds` (the carrier's billsec),
 * also in the operator's currency. Margin is revenue (A-leg) minus this, joined on `callUuid`.
 */
export function rateCarrierLeg(
  cdr: NormalizedCdr,
  accountId: string,
  seconds: number,
  carrier: CarrierRate | CarrierCostIssue,
  conversion: { readonly table: ConversionTable; readonly operatorCurrency: string },
): RateOutcome {
  const base = rateNotBilled(cdr, accountId);
  if (!base.ok || typeof carrier !== 'object') {
    return base.ok ? { ok: true, rated: { ...base.rated, ...carrierFlag(carrier) } } : base;
  }
  const costMicros = costOfCall(carrier.terms, NO_MARKUP, seconds).costMicros;
  const { table, operatorCurrency } = conversion;
  const converted = table.convert(costMicros, carrier.currency, operatorCurrency);
  if (!converted.ok) return { ok: false, code: 'no_rate', message: converted.message };
  const record = carrierRecord(carrier, costMicros);
  return {
    ok: true,
    rated: { ...base.rated, carrier: record, carrierCostMicros: converted.micros },
  };
}

function carrierRecord(carrier: CarrierRate, costMicros: number): CarrierCostRecord {
  const { trunk, selection, currency } = carrier;
  return { trunk, ...selection, currency, costMicros };
}

function carrierFlag(
  carrier: CarrierRate | CarrierCostIssue | undefined,
): { carrierCostUnknown?: CarrierCostIssue } {
  return typeof carrier === 'string' ? { carrierCostUnknown: carrier } : {};
}

// A leg without a trunk has no carrier cost to price (the edge's B-leg carries it).
const FREE: RateTerms = {
  connectMicros: 0,
  includedSeconds: 0,
  perMinuteMicros: 0,
  initialIncrementSeconds: 0,
  incrementSeconds: 1,
};
