/**
 * Which lease each live call holds its cost on, and how it is priced: the purse
 * (`core/leases/purse.ts`) holds the call's cost at its authorized max duration at every level
 * from the dialplan answer until its A-leg CDR is spooled; then its real cost by the shared
 * rating function (`chargedSeconds`, the chain's per-level prices) stays consumed and the rest returns. In
 * memory only. A call whose CDR never comes (FreeSWITCH kept it in err-log-dir) is given up
 * once it could no longer be up: its whole hold stays consumed and its lease can only be
 * abandoned, since the cloud may still see that CDR.
 */
import { RING_ALLOWANCE_MS } from '../../core/authorization/channels';
import type { ConversionTable } from '../../core/chain/currency';
import type { ChainLevel } from '../../core/chain/prices';
import type { LeaseCharge } from '../../core/leases';
import { costOfCall } from '../../core/rating/formula';
import { chargedSeconds, longestChargedSeconds, type BillableRules } from '../../core/rating/billable';
import type { EndedCall } from '../spool/receive-cdr';
import type { EdgeLease } from './edge-lease';

/** How a call is priced at each level its charges fall on, customer first. */
export interface CallPricing {
  readonly levels: readonly ChainLevel[];
  readonly table: ConversionTable;
  /** The rules the rater charges the call by (the customer's rate group's). */
  readonly rules: BillableRules;
}

interface LiveCall {
  readonly lease: EdgeLease;
  readonly levels: readonly ChainLevel[];
  readonly table: ConversionTable;
  readonly rules: BillableRules;
  readonly staleAtEpochMs: number;
}

/**
 * Each level's charge for `seconds` in its account's currency: exactly `chainPrices`' per-level
 * step (`costOfCall` in the rate's currency, converted once) that the rater posts and
 * `callChargesOf` returns, without the operator and carrier figures and their allocations, since
 * a hold is priced on every authorized call.
 */
function levelCharges(levels: readonly ChainLevel[], table: ConversionTable, seconds: number): LeaseCharge[] | null {
  const charges: LeaseCharge[] = [];
  for (const level of levels) {
    const { terms, pricing, currency } = level.rate;
    const costMicros = costOfCall(terms, pricing, seconds).costMicros;
    const converted = currency === level.currency ? costMicros : table.convert(costMicros, currency, level.currency);
    if (typeof converted !== 'number' && !converted.ok) return null;
    charges.push({ accountId: level.account, chargeMicros: typeof converted === 'number' ? converted : converted.micros });
  }
  return charges;
}

/** Given-up calls are looked for at most once a second (a sweep walks every live call). */
const SWEEP_EVERY_MS = 1_000;

export class CallHolds {
  private readonly calls = new Map<string, LiveCall>();
  private sweptAtEpochMs = 0;

  get size(): number {
    return this.calls.size;
  }

  /** Holds the call's cost at `maxSeconds` on `lease`; false when a level cannot pay it. */
  hold(callUuid: string, lease: EdgeLease, pricing: CallPricing, maxSeconds: number, nowEpochMs: number): boolean {
    // Held at the most the call can be charged: one second more under billmsec_ceil, and at
    // least the minimum billable duration.
    const held = levelCharges(pricing.levels, pricing.table, longestChargedSeconds(pricing.rules, maxSeconds));
    if (held === null || !lease.purse.holdCall(callUuid, held, nowEpochMs).ok) return false;
    const staleAtEpochMs = nowEpochMs + maxSeconds * 1000 + RING_ALLOWANCE_MS;
    const { levels, table, rules } = pricing;
    // What it holds is on the purse (`settleWholeHold`), not copied here.
    this.calls.set(callUuid, { lease, levels, table, rules, staleAtEpochMs });
    lease.lastCallAtEpochMs = nowEpochMs;
    return true;
  }

  /** A second dialplan request for the same call (after a transfer): its first hold goes back. */
  forget(callUuid: string): void {
    const call = this.calls.get(callUuid);
    if (call === undefined) return;
    this.calls.delete(callUuid);
    call.lease.purse.cancelCall(callUuid);
  }

  /**
   * The call's A-leg CDR is in the spool: what it cost stays consumed, the rest returns, and it
   * counts toward the lease's `callCount`. Returns the customer-level cost (recent spend), or
   * null when the call held nothing here (a duplicate post, a call from before a restart).
   */
  ended(ended: EndedCall): number | null {
    const call = this.calls.get(ended.uuid);
    if (call === undefined) return null;
    this.calls.delete(ended.uuid);
    const seconds = chargedSeconds(call.rules, ended);
    const charges = seconds === 0 ? [] : levelCharges(call.levels, call.table, seconds);
    // A missing rate cannot happen for a call that was priced; keeping the whole hold is safe.
    if (charges === null) return call.lease.purse.settleWholeHold(ended.uuid) ?? 0;
    call.lease.purse.settleCall(ended.uuid, charges);
    return charges[0]?.chargeMicros ?? 0;
  }

  /** Gives up calls that can no longer be up; their leases are marked `lostCall`. */
  sweep(nowEpochMs: number): void {
    if (nowEpochMs - this.sweptAtEpochMs < SWEEP_EVERY_MS) return;
    this.sweptAtEpochMs = nowEpochMs;
    for (const [uuid, call] of this.calls) {
      if (call.staleAtEpochMs > nowEpochMs) continue;
      this.calls.delete(uuid);
      call.lease.purse.settleWholeHold(uuid);
      call.lease.lostCall = true;
    }
  }
}
