/**
 * Turns validated postings into the write a repository issues: one balance change per account
 * (its delta and, for must-not-overdraw debits, the funds the condition must see) and the
 * postings behind it. Credit leases (issue 10) add reservation changes: the same balance item's
 * `reservedMicros` moves in the same update, and `availableMicros` by `delta − reservedDelta`
 * (available = balance + limit − reserved). Pure: the timestamp comes from the caller's clock.
 */
import { MAX_ACTIONS_PER_TRANSACTION } from './limits';
import type { FloorPolicy, Posting, PostingInput } from './posting';

export interface AccountChange {
  readonly accountId: string;
  readonly deltaMicros: number;
  /** Added to `reservedMicros` (positive holds money for a lease, negative returns it). */
  readonly reservedDeltaMicros: number;
  /**
   * > 0 for a net debit that must not overdraw, or a reservation that must be covered:
   * `availableMicros >= requiredAvailableMicros` before the change.
   */
  readonly requiredAvailableMicros: number;
  readonly postings: readonly Posting[];
}

/**
 * A reservation moved with (or without) postings: a lease grant or top-up (`reservedDeltaMicros`
 * > 0, `requiredAvailableMicros` = the amount), a settlement or a return (< 0, no condition).
 */
export interface ReservationChange {
  readonly accountId: string;
  readonly reservedDeltaMicros: number;
  readonly requiredAvailableMicros: number;
}

export interface LedgerWrite {
  readonly changes: readonly AccountChange[];
  /** Actions in the transaction: postings + balance items + `extraActions`. */
  readonly actions: number;
  /** The caller's clock when planned: the balance items' `updatedAtEpochMs`. */
  readonly atEpochMs: number;
}

export interface PlanOptions {
  readonly floor: FloorPolicy;
  readonly createdAtEpochMs: number;
  /** Items a later feature adds to the same transaction (e.g. a lease); counted in the limit. */
  readonly extraActions?: number;
  /** Reservations moved in the same transaction (credit leases); one balance item per account. */
  readonly reservations?: readonly ReservationChange[];
}

export function countActions(
  postings: readonly PostingInput[],
  extraActions = 0,
  reservations: readonly ReservationChange[] = [],
): number {
  const accounts = new Set(postings.map((posting) => posting.accountId));
  for (const reservation of reservations) accounts.add(reservation.accountId);
  return postings.length + accounts.size + extraActions;
}

export function fitsOneTransaction(actions: number): boolean {
  return actions <= MAX_ACTIONS_PER_TRANSACTION;
}

export function planWrite(postings: readonly PostingInput[], options: PlanOptions): LedgerWrite {
  const byAccount = new Map<string, Posting[]>();
  for (const input of postings) {
    const posting: Posting = { ...input, createdAtEpochMs: options.createdAtEpochMs };
    const list = byAccount.get(input.accountId) ?? [];
    list.push(posting);
    byAccount.set(input.accountId, list);
  }
  const reservations = options.reservations ?? [];
  for (const reservation of reservations) {
    if (!byAccount.has(reservation.accountId)) byAccount.set(reservation.accountId, []);
  }
  const changes = [...byAccount.entries()].map(([accountId, list]) =>
    withReservations(accountChange(accountId, list, options.floor), reservations),
  );
  const actions = countActions(postings, options.extraActions, reservations);
  return { changes, actions, atEpochMs: options.createdAtEpochMs };
}

/** Folds an account's reservation changes into its balance change (one update per item). */
function withReservations(
  change: AccountChange,
  reservations: readonly ReservationChange[],
): AccountChange {
  let reservedDeltaMicros = change.reservedDeltaMicros;
  let requiredAvailableMicros = change.requiredAvailableMicros;
  for (const reservation of reservations) {
    if (reservation.accountId !== change.accountId) continue;
    reservedDeltaMicros += reservation.reservedDeltaMicros;
    requiredAvailableMicros += reservation.requiredAvailableMicros;
  }
  if (!Number.isSafeInteger(reservedDeltaMicros) || !Number.isSafeInteger(requiredAvailableMicros))
    throw new RangeError(`ledger: reservation for ${change.accountId} leaves the safe range`);
  return { ...change, reservedDeltaMicros, requiredAvailableMicros };
}

function accountChange(accountId: string, postings: Posting[], floor: FloorPolicy): AccountChange {
  let delta = 0n;
  for (const posting of postings) delta += BigInt(posting.amountMicros);
  // A batch of safe amounts can still sum past 2^53; that is a caller's bug, not an outcome.
  if (delta > BigInt(Number.MAX_SAFE_INTEGER) || delta < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`ledger: delta for ${accountId} leaves the safe integer range`);
  }
  const deltaMicros = Number(delta);
  const requiredAvailableMicros =
    floor === 'must_not_overdraw' && deltaMicros < 0 ? -deltaMicros : 0;
  return { accountId, deltaMicros, reservedDeltaMicros: 0, requiredAvailableMicros, postings };
}

/**
 * The most a balance item may hold before this change so that what it adds keeps
 * `balanceMicros` and `availableMicros` exact (≤ 2^53 − 1): a read past that would be a wrong
 * number. Only what the change raises has a ceiling.
 */
export function creditCeilings(change: AccountChange): {
  readonly balanceMicros?: number;
  readonly availableMicros?: number;
} {
  const availableDelta = change.deltaMicros - change.reservedDeltaMicros;
  return {
    ...(change.deltaMicros > 0 ? { balanceMicros: Number.MAX_SAFE_INTEGER - change.deltaMicros } : {}),
    ...(availableDelta > 0 ? { availableMicros: Number.MAX_SAFE_INTEGER - availableDelta } : {}),
  };
}
