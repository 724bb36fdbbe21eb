/**
 * The edge's in-memory ledger of one lease: per level, what the lease holds (reserved), what
 * ended calls cost (consumed) and what live calls hold (their cost at their authorized maximum
 * duration). A call is authorized only if its hold fits every level's remaining, so two
 * concurrent calls never use the same money; when its CDR is spooled, its actual cost (the same
 * rating function, `chainPrices`) stays consumed and the rest of the hold returns. Nothing here
 * is persisted: after an unclean restart the edge abandons the lease instead.
 *
 * Not thread-safe by design: the edge authorizes on one event loop, and every method is
 * synchronous, so a check and its hold cannot interleave with another call's.
 */
import type { ConversionTable } from '../chain/currency';
import { chainMaxSeconds, type ChainLevel } from '../chain/prices';
import { DEFAULT_BILLABLE_RULES, type BillableRules } from '../rating/billable';
import { callChargesOf } from './call-charges';
import { CLOCK_SKEW_MARGIN_MS, RENEW_AHEAD_MS, RENEW_BELOW_DIVISOR } from './defaults';
import { refusal, type Lease, type LeaseRefusal } from './lease';
import type { LeaseCharge } from './settle';

export interface PurseLevel {
  readonly accountId: string;
  readonly currency: string;
  readonly reservedMicros: number;
  readonly consumedMicros: number;
  readonly heldMicros: number;
  readonly remainingMicros: number;
}

export interface CallHold {
  readonly ok: true;
  readonly callUuid: string;
  readonly leaseId: string;
  /** Per lease level, in the level's currency. */
  readonly heldMicros: readonly number[];
}

export type HoldOutcome = CallHold | LeaseRefusal;

export type PurseMaxSeconds =
  | { readonly ok: true; readonly maxSeconds: number; readonly limitedBy: string | null }
  | LeaseRefusal;

export class LeasePurse {
  private current: Lease;
  /** Σ actual cost of the calls whose CDR this edge spooled, per level. */
  private readonly consumed: number[];
  private readonly held: number[];
  private readonly holds = new Map<string, readonly number[]>();
  private ended = 0;

  constructor(
    lease: Lease,
    private readonly clockSkewMarginMs: number = CLOCK_SKEW_MARGIN_MS,
  ) {
    this.current = lease;
    this.consumed = lease.levels.map((level) => level.consumedMicros);
    this.held = lease.levels.map(() => 0);
  }

  get lease(): Lease {
    return this.current;
  }

  /** Live calls holding money from this lease (the edge closes only at 0). */
  get liveCalls(): number {
    return this.holds.size;
  }

  /** Calls settled here (their CDR spooled): the close's `callCount`. */
  get endedCalls(): number {
    return this.ended;
  }

  /**
   * The cloud's newer view (a top-up raised `reservedMicros`, or another state). Consumed
   * keeps the larger of ours and the cloud's: both only grow, and ours is usually ahead.
   */
  refresh(lease: Lease): void {
    if (lease.leaseId !== this.current.leaseId || lease.levels.length !== this.consumed.length) {
      throw new RangeError(`purse: ${lease.leaseId} is not lease ${this.current.leaseId}`);
    }
    lease.levels.forEach((level, i) => {
      this.consumed[i] = Math.max(this.consumed[i]!, level.consumedMicros);
    });
    this.current = lease;
  }

  levels(): PurseLevel[] {
    return this.current.levels.map((level, i) => ({
      accountId: level.accountId,
      currency: level.currency,
      reservedMicros: level.reservedMicros,
      consumedMicros: this.consumed[i]!,
      heldMicros: this.held[i]!,
      remainingMicros: this.remainingAt(i),
    }));
  }

  /** The edge's last instant of authorizing from the lease: hard expiry − clock-skew margin. */
  stopsAtEpochMs(): number {
    return this.current.expiresAtEpochMs - this.clockSkewMarginMs;
  }

  canAuthorize(nowEpochMs: number): boolean {
    return this.current.state === 'active' && nowEpochMs < this.stopsAtEpochMs();
  }

  /** Ask for the next lease now: close to stopping, or a level down to its last quarter. */
  needsRenewal(nowEpochMs: number): boolean {
    if (!this.canAuthorize(nowEpochMs)) return true;
    if (nowEpochMs >= this.stopsAtEpochMs() - RENEW_AHEAD_MS) return true;
    return this.current.levels.some(
      (level, i) => this.remainingAt(i) * RENEW_BELOW_DIVISOR < level.reservedMicros,
    );
  }

  /** The chain's levels with each one's funds replaced by what this lease has left there. */
  fundedLevels(levels: readonly ChainLevel[]): ChainLevel[] | LeaseRefusal {
    const lease = this.current.levels;
    const same =
      levels.length === lease.length && levels.every((l, i) => l.account === lease[i]!.accountId);
    const message = `the call's chain is not lease ${this.current.leaseId}'s`;
    if (!same) return refusal('chain_mismatch', message);
    return levels.map((level, i) => ({ ...level, availableMicros: this.remainingAt(i) }));
  }

  /** The longest call the lease's remaining pays for at every level (0: refuse the call). */
  maxSeconds(
    levels: readonly ChainLevel[],
    table: ConversionTable,
    capSeconds: number,
    nowEpochMs: number,
    rules: BillableRules = DEFAULT_BILLABLE_RULES,
  ): PurseMaxSeconds {
    if (!this.canAuthorize(nowEpochMs)) return this.stopped();
    const funded = this.fundedLevels(levels);
    if (!Array.isArray(funded)) return funded as LeaseRefusal;
    const limit = chainMaxSeconds(funded, table, capSeconds, rules);
    if (!limit.ok) return refusal('no_exchange_rate', limit.message);
    return limit;
  }

  /**
   * Holds the call's cost at `seconds` per level (`callChargesOf`): the most the call can be
   * charged for (`longestChargedSeconds` of its authorized maximum).
   */
  reserveCall(
    callUuid: string,
    levels: readonly ChainLevel[],
    table: ConversionTable,
    seconds: number,
    nowEpochMs: number,
  ): HoldOutcome {
    const funded = this.fundedLevels(levels);
    if (!Array.isArray(funded)) return funded as LeaseRefusal;
    const charges = callChargesOf(levels, table, seconds);
    if (!Array.isArray(charges)) return charges as LeaseRefusal;
    return this.holdCall(callUuid, charges, nowEpochMs);
  }

  /** Holds explicit per-level amounts for a call; refuses if any level's remaining is short. */
  holdCall(callUuid: string, charges: readonly LeaseCharge[], nowEpochMs: number): HoldOutcome {
    if (!this.canAuthorize(nowEpochMs)) return this.stopped();
    if (this.holds.has(callUuid)) {
      return refusal('lease_exists', `call ${callUuid} already holds money`);
    }
    const amounts = this.amountsPerLevel(charges);
    if (!Array.isArray(amounts)) return amounts;
    const short = amounts.findIndex((amount, i) => amount > this.remainingAt(i));
    if (short >= 0) {
      const accountId = this.current.levels[short]!.accountId;
      const message = `${accountId} has too little left in the lease`;
      return refusal('insufficient_funds', message, { accountId });
    }
    amounts.forEach((amount, i) => (this.held[i] = this.held[i]! + amount));
    this.holds.set(callUuid, amounts);
    return { ok: true, callUuid, leaseId: this.current.leaseId, heldMicros: amounts };
  }

  /**
   * The call's CDR is spooled: its actual cost stays consumed, the rest of its hold returns.
   * An actual cost above the hold cannot come from the shared rating function at or below the
   * authorized seconds; it is consumed all the same (the call happened) and reported.
   */
  settleCall(
    callUuid: string,
    charges: readonly LeaseCharge[],
  ): { readonly ok: true; readonly overrunMicros: number } | LeaseRefusal {
    const hold = this.holds.get(callUuid);
    if (hold === undefined) {
      return refusal('lease_not_found', `call ${callUuid} holds nothing here`);
    }
    const amounts = this.amountsPerLevel(charges);
    if (!Array.isArray(amounts)) return amounts;
    let overrunMicros = 0;
    amounts.forEach((amount, i) => {
      this.held[i] = this.held[i]! - hold[i]!;
      this.consumed[i] = this.consumed[i]! + amount;
      overrunMicros += Math.max(0, amount - hold[i]!);
    });
    this.holds.delete(callUuid);
    this.ended += 1;
    return { ok: true, overrunMicros };
  }

  /**
   * `settleCall` with the call's whole hold as its cost (the call may have used all of it: its
   * CDR never came, or could not be priced). Returns the hold at the lease's first level (the
   * customer's), null when the call holds nothing here. The edge keeps no copy of each call's
   * charges for this: a live call's state outlives the young generation, every object is GC work.
   */
  settleWholeHold(callUuid: string): number | null {
    const hold = this.holds.get(callUuid);
    if (hold === undefined) return null;
    hold.forEach((amount, i) => {
      this.held[i] = this.held[i]! - amount;
      this.consumed[i] = this.consumed[i]! + amount;
    });
    this.holds.delete(callUuid);
    this.ended += 1;
    return hold[0] ?? 0;
  }

  /** A hold whose call never started (refused later, e.g. no route): all of it returns. */
  cancelCall(callUuid: string): boolean {
    const hold = this.holds.get(callUuid);
    if (hold === undefined) return false;
    hold.forEach((amount, i) => (this.held[i] = this.held[i]! - amount));
    this.holds.delete(callUuid);
    return true;
  }

  private remainingAt(i: number): number {
    const level = this.current.levels[i]!;
    return level.reservedMicros - this.consumed[i]! - this.held[i]!;
  }

  private amountsPerLevel(charges: readonly LeaseCharge[]): number[] | LeaseRefusal {
    const amounts = this.current.levels.map(() => 0);
    for (const charge of charges) {
      const i = this.current.levels.findIndex((level) => level.accountId === charge.accountId);
      if (!Number.isSafeInteger(charge.chargeMicros) || charge.chargeMicros < 0) {
        return refusal('invalid_amount', 'amounts are non-negative integer micros', {
          field: 'chargeMicros',
          accountId: charge.accountId,
        });
      }
      const message = `${charge.accountId} is not a level of the lease`;
      if (i < 0) return refusal('chain_mismatch', message);
      amounts[i] = amounts[i]! + charge.chargeMicros;
    }
    return amounts;
  }

  private stopped(): LeaseRefusal {
    const { leaseId, state } = this.current;
    return refusal('lease_not_active', `lease ${leaseId} is ${state} or past its stop time`);
  }
}
