/**
 * Cuts a batch's settlement into transactions of at most MAX_ACTIONS_PER_TRANSACTION actions,
 * the same way on every delivery (the cut depends only on the units and their order), so a
 * redelivered batch replays chunk by chunk. A unit is what must change in one transaction: a
 * lease with every account it touches, or one account's charges outside leases. A chunk costs
 * one balance update per account it touches, one posting per account it charges (charges are
 * never negative, so a charged account's total is not zero), each unit's own items (a lease),
 * and `perChunkActions` (a settlement marker) when any unit has items of its own.
 */
import { MAX_ACTIONS_PER_TRANSACTION } from './limits';

export interface ChunkUnit {
  /** Every account whose balance item the unit may move. */
  readonly accounts: readonly string[];
  /** The accounts it charges (a posting each); a subset of `accounts`. */
  readonly charged: readonly string[];
  /** Items of the unit besides balances and postings (a lease item: 1). */
  readonly extraActions: number;
}

interface Tally {
  readonly accounts: Set<string>;
  readonly charged: Set<string>;
  readonly extras: number;
}

/** Actions of a chunk holding `tally`. */
export function chunkActions(tally: Tally, perChunkActions: number): number {
  const marker = tally.extras > 0 ? perChunkActions : 0;
  return tally.accounts.size + tally.charged.size + tally.extras + marker;
}

export function chunkUnits<T extends ChunkUnit>(units: readonly T[], perChunkActions = 0): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let tally: Tally = { accounts: new Set(), charged: new Set(), extras: 0 };
  for (const unit of units) {
    const alone = withUnit({ accounts: new Set(), charged: new Set(), extras: 0 }, unit);
    if (chunkActions(alone, perChunkActions) > MAX_ACTIONS_PER_TRANSACTION)
      throw new RangeError(`settlement: one unit needs ${chunkActions(alone, perChunkActions)} actions`);
    const merged = withUnit(tally, unit);
    if (current.length > 0 && chunkActions(merged, perChunkActions) > MAX_ACTIONS_PER_TRANSACTION) {
      chunks.push(current);
      current = [];
      tally = alone;
    } else {
      tally = merged;
    }
    current.push(unit);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function withUnit(tally: Tally, unit: ChunkUnit): Tally {
  return {
    accounts: new Set([...tally.accounts, ...unit.accounts]),
    charged: new Set([...tally.charged, ...unit.charged]),
    extras: tally.extras + unit.extraActions,
  };
}
