/**
 * Cuts a batch's settlement into transactions of at most MAX_ACTIONS_PER_TRANSACTION actions,
 * the same way on every delivery (the cut depends only on the units and their order), so a
 * redelivered batch replays chunk by chunk. A unit is what must change in one transaction: a
 * lease with every account it touches, or one account's charges outside leases. A chunk costs,
 * per account, one balance update and at most one posting, plus each unit's own items (a
 * lease) and `perChunkActions` (a settlement marker).
 */
import { MAX_ACTIONS_PER_TRANSACTION } from './limits';

export interface ChunkUnit {
  readonly accounts: readonly string[];
  /** Items of the unit besides balances and postings (a lease item: 1). */
  readonly extraActions: number;
}

export function chunkUnits<T extends ChunkUnit>(units: readonly T[], perChunkActions = 0): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let accounts = new Set<string>();
  let extras = 0;
  const cost = (size: number, extra: number) => 2 * size + extra + perChunkActions;
  for (const unit of units) {
    const alone = cost(new Set(unit.accounts).size, unit.extraActions);
    if (alone > MAX_ACTIONS_PER_TRANSACTION)
      throw new RangeError(`settlement: one unit needs ${alone} actions`);
    const merged = new Set([...accounts, ...unit.accounts]);
    if (current.length > 0 && cost(merged.size, extras + unit.extraActions) > MAX_ACTIONS_PER_TRANSACTION) {
      chunks.push(current);
      current = [];
      accounts = new Set(unit.accounts);
      extras = unit.extraActions;
    } else {
      accounts = merged;
      extras += unit.extraActions;
    }
    current.push(unit);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
