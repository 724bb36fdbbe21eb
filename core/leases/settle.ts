/**
 * Settling one rated CDR against its lease: each level's charge (what the rater computed, in
 * the level's currency) is posted in full — the call happened — and the level's reservation
 * drops by the part of the charge the lease still held: min(charge, max(0, reserved −
 * consumedBefore)). On a finished lease (closed, released, written off) the charge is posted
 * and nothing else moves: a late settlement. A charge larger than what a holding lease has left
 * is a broken edge (it reserves each call's cost at its longest duration): refused with
 * `charge_exceeds_lease`, and the caller posts it with `settleBeyondLease` (never lost).
 */
import {
  FINISHED_STATES,
  refusal,
  unusedMicros,
  type Lease,
  type LeaseLevel,
  type LeaseRefusal,
  type LevelDelta,
} from './lease';
import { closedIfComplete } from './transitions';

/** One level's charge for the call (a rated CDR's `charges` entries fit). */
export interface LeaseCharge {
  readonly accountId: string;
  readonly chargeMicros: number;
}

export interface Settled {
  readonly ok: true;
  readonly lease: Lease;
  /** Balance −charge per charged level; reservation −reduction per lease level. */
  readonly deltas: readonly LevelDelta[];
  /** Settled after the lease returned its reservation: report it. */
  readonly late: boolean;
  /** This settlement completed a close: the unused part is in `deltas` too. */
  readonly closed: boolean;
}

export type SettleOutcome = Settled | LeaseRefusal;

export function settleOnLease(lease: Lease, charges: readonly LeaseCharge[]): SettleOutcome {
  const bad = charges.find((c) => !Number.isSafeInteger(c.chargeMicros) || c.chargeMicros < 0);
  if (bad !== undefined) {
    return refusal('invalid_amount', 'charges are non-negative integer micros', {
      field: 'chargeMicros',
      accountId: bad.accountId,
    });
  }
  if (FINISHED_STATES.includes(lease.state)) {
    const next = { ...lease, settledCalls: lease.settledCalls + 1, version: lease.version + 1 };
    const late = { ...next, lateSettlements: lease.lateSettlements + 1 };
    const deltas = settleWithoutLease(charges);
    return { ok: true, lease: late, deltas, late: true, closed: false };
  }
  const over = lease.levels.find((level) => chargeAt(charges, level) > unusedMicros(level));
  if (over !== undefined) {
    const message = `the charge at ${over.accountId} exceeds what lease ${lease.leaseId} has left`;
    return refusal('charge_exceeds_lease', message, { accountId: over.accountId });
  }
  return settleHolding(lease, charges, false);
}

/**
 * The contract's rule on a holding lease: per level `consumed += charge`, balance −charge,
 * reservation −min(charge, unused before); `settledCalls += 1`; completes a due close.
 */
function settleHolding(lease: Lease, charges: readonly LeaseCharge[], beyond: boolean): Settled {
  const levels = lease.levels.map((level) => ({
    ...level,
    consumedMicros: level.consumedMicros + chargeAt(charges, level),
  }));
  const settled: Lease = {
    ...lease,
    levels,
    settledCalls: lease.settledCalls + 1,
    lateSettlements: lease.lateSettlements + (beyond ? 1 : 0),
    version: lease.version + 1,
  };
  // Levels a call does not charge (a call that bills nothing) have no balance item to touch.
  const onLevels = lease.levels.flatMap((level) => {
    const charge = chargeAt(charges, level);
    const reduction = Math.min(charge, unusedMicros(level));
    if (charge === 0) return [];
    return [{ accountId: level.accountId, balanceMicros: -charge, reservedMicros: -reduction }];
  });
  // A level the lease does not know (the chain changed since the grant) is charged all the same.
  const elsewhere = charges.filter((c) => !lease.levels.some((l) => l.accountId === c.accountId));
  const deltas = mergeDeltas([...onLevels, ...settleWithoutLease(elsewhere)]);
  const completed = closedIfComplete(settled);
  if (completed === null) return { ok: true, lease: settled, deltas, late: beyond, closed: false };
  const merged = mergeDeltas([...deltas, ...completed.deltas]);
  return { ok: true, lease: completed.lease, deltas: merged, late: beyond, closed: true };
}

/**
 * After `charge_exceeds_lease`: the call happened, so the charge is posted all the same, the
 * reservation the lease still holds is used up first (so the overdraft is only the excess), the
 * settlement counts towards a close and is flagged late for the report.
 */
export function settleBeyondLease(lease: Lease, charges: readonly LeaseCharge[]): SettleOutcome {
  const outcome = settleOnLease(lease, charges);
  if (outcome.ok || outcome.code !== 'charge_exceeds_lease') return outcome;
  return settleHolding(lease, charges, true);
}

/** A charge posted with no lease (unknown lease, or refused above): balance only. */
export function settleWithoutLease(charges: readonly LeaseCharge[]): LevelDelta[] {
  return charges.map((charge) => ({
    accountId: charge.accountId,
    balanceMicros: -charge.chargeMicros,
    reservedMicros: 0,
  }));
}

function chargeAt(charges: readonly LeaseCharge[], level: LeaseLevel): number {
  let total = 0;
  for (const charge of charges) {
    if (charge.accountId === level.accountId) total += charge.chargeMicros;
  }
  return total;
}

/** One delta per account, in first-seen order (one balance update per item in a transaction). */
export function mergeDeltas(deltas: readonly LevelDelta[]): LevelDelta[] {
  const byAccount = new Map<string, LevelDelta>();
  for (const delta of deltas) {
    const seen = byAccount.get(delta.accountId);
    byAccount.set(
      delta.accountId,
      seen === undefined
        ? delta
        : {
            accountId: delta.accountId,
            balanceMicros: seen.balanceMicros + delta.balanceMicros,
            reservedMicros: seen.reservedMicros + delta.reservedMicros,
          },
    );
  }
  return [...byAccount.values()];
}
