/**
 * Turns validated postings into the write a repository issues: one balance change per account
 * (its delta and, for must-not-overdraw debits, the funds the condition must see) and the
 * postings behind it. Pure: the timestamp comes from the caller's clock.
 */
import { MAX_ACTIONS_PER_TRANSACTION } from './limits';
import type { FloorPolicy, Posting, PostingInput } from './posting';

export interface AccountChange {
  readonly accountId: string;
  readonly deltaMicros: number;
  /** > 0 only for a net debit that must not overdraw: `availableMicros >= requiredMicros`. */
  readonly requiredAvailableMicros: number;
  readonly postings: readonly Posting[];
}

export interface LedgerWrite {
  readonly changes: readonly AccountChange[];
  /** Actions in the transaction: postings + balance items + `extraActions`. */
  readonly actions: number;
}

export interface PlanOptions {
  readonly floor: FloorPolicy;
  readonly createdAtEpochMs: number;
  /** Items a later feature adds to the same transaction (e.g. a lease); counted in the limit. */
  readonly extraActions?: number;
}

export function countActions(postings: readonly PostingInput[], extraActions = 0): number {
  const accounts = new Set(postings.map((posting) => posting.accountId));
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
  const changes = [...byAccount.entries()].map(([accountId, list]) =>
    accountChange(accountId, list, options.floor),
  );
  return { changes, actions: countActions(postings, options.extraActions) };
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
  return { accountId, deltaMicros, requiredAvailableMicros, postings };
}
