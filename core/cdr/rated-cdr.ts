/**
 * What the rater decides for one CDR: rated (with every level's charge) or unrated (with the
 * reason code and the raw document). Both are stored once per CDR, keyed by its uuid.
 */
import type { NormalizedCdr } from '../freeswitch/normalized-cdr';

/** Why a CDR could not be rated; each is listed by the unrated API and re-rated once fixed. */
export const UNRATED_REASONS = [
  'unknown_account',
  'no_rate',
  'malformed',
  'inactive_account',
  'unknown_deck_version',
  'invalid_times',
] as const;
export type UnratedReason = (typeof UNRATED_REASONS)[number];

export interface LevelChargeRecord {
  readonly accountId: string;
  readonly currency: string;
  /** Positive: what the level pays for the call, in its currency (the posting debits it). */
  readonly chargeMicros: number;
}

/** How the call was priced: a deck row, the account's local-call charge, or nothing (0 s). */
export type RateBasis =
  | {
      readonly kind: 'deck';
      readonly version: string;
      readonly prefix: string;
      readonly window: string;
      readonly recorded: boolean;
    }
  | { readonly kind: 'local_call'; readonly perMinuteMicros: number }
  | { readonly kind: 'not_billed' }
  /** A call to an emergency number: free (`tollgate_emergency=true`). */
  | { readonly kind: 'emergency' };

/** The termination rate of the trunk the call went out on, and what it cost. */
export interface CarrierCostRecord {
  readonly trunk: string;
  /** The termination deck version (content hash), prefix and window that priced it. */
  readonly version: string;
  readonly prefix: string;
  readonly window: string;
  /** The cost in the currency of the rate group holding the trunk's deck, rounded once. */
  readonly currency: string;
  readonly costMicros: number;
}

/**
 * Why a CDR naming a trunk has no carrier cost: the trunk has no termination deck in any rate
 * group of the account's chain (`unknown_trunk`), or none of its rows prices the call. The CDR
 * is still rated — the customer's charge does not depend on it — and carries this flag.
 */
export type CarrierCostIssue = 'unknown_trunk' | 'no_termination_rate';

export interface RatedCdr {
  readonly uuid: string;
  readonly callUuid: string;
  readonly leg: 'a' | 'b';
  readonly accountId: string;
  readonly caller: string;
  readonly callee: string;
  readonly startedAtEpochMs: number;
  readonly answeredAtEpochMs: number | null;
  readonly endedAtEpochMs: number;
  readonly billsec: number;
  readonly billmsec: number;
  readonly hangupCause: string;
  /** Seconds the billable rules charge (before included seconds and increments). */
  readonly chargedSeconds: number;
  readonly billableSeconds: number;
  readonly basis: RateBasis;
  /** Customer first, then each reseller above it; empty for calls that bill nothing. */
  readonly charges: readonly LevelChargeRecord[];
  /** The top level's charge in the operator's currency (0 without charges). */
  readonly revenueMicros: number;
  readonly lease: string | null;
  /** The leg's trunk (`tollgate_trunk`) with its termination rate and cost, when priced. */
  readonly carrier?: CarrierCostRecord;
  /** `carrier.costMicros` in the operator's currency. */
  readonly carrierCostMicros?: number;
  /** `revenueMicros − carrierCostMicros`, on a leg that has both (an A-leg naming its trunk). */
  readonly marginMicros?: number;
  /** Set instead of the three above when the leg names a trunk whose cost is unknown. */
  readonly carrierCostUnknown?: CarrierCostIssue;
}

export type RateOutcome =
  | { readonly ok: true; readonly rated: RatedCdr }
  | { readonly ok: false; readonly code: UnratedReason; readonly message: string };

/** The fields of a rated CDR taken straight from the normalized CDR. */
export function callFields(cdr: NormalizedCdr, accountId: string) {
  return {
    uuid: cdr.uuid,
    callUuid: cdr.callUuid,
    leg: cdr.leg,
    accountId,
    caller: cdr.caller,
    callee: cdr.callee,
    startedAtEpochMs: cdr.startedAtEpochMs,
    answeredAtEpochMs: cdr.answeredAtEpochMs,
    endedAtEpochMs: cdr.endedAtEpochMs,
    billsec: cdr.billsec,
    billmsec: cdr.billmsec,
    hangupCause: cdr.hangupCause,
    lease: cdr.tollgate?.lease ?? null,
  };
}
