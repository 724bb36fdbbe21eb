// Proves the settlement cut: chunks hold at most 100 actions counted exactly (a balance per account touched, a posting per account charged, each unit's own items, the marker only beside them), the cut is the same for the same units, and a unit too large alone is refused.
import { describe, expect, it } from 'vitest';
import { chunkActions, chunkUnits, type ChunkUnit } from './chunks';

const lease = (n: number): ChunkUnit & { n: number } => ({
  n,
  accounts: ['c1', 'r1'],
  charged: ['c1', 'r1'],
  extraActions: 1,
});
const account = (id: string): ChunkUnit => ({ accounts: [id], charged: [id], extraActions: 0 });

describe('chunkUnits', () => {
  it('packs 95 leases of one chain with the marker into 100 actions, then starts a chunk', () => {
    const units = Array.from({ length: 120 }, (_, i) => lease(i));
    const chunks = chunkUnits(units, 1);
    expect(chunks.map((chunk) => chunk.length)).toEqual([95, 25]);
    expect(chunkUnits(units, 1)).toEqual(chunks);
  });

  it('counts no marker for chunks without leases, and no posting for an uncharged account', () => {
    const accounts = Array.from({ length: 51 }, (_, i) => account(`a${i}`));
    expect(chunkUnits(accounts, 1).map((chunk) => chunk.length)).toEqual([50, 1]);
    const uncharged = { accounts: ['c1', 'r1'], charged: [], extraActions: 1 };
    const tally = { accounts: new Set(['c1', 'r1']), charged: new Set<string>(), extras: 1 };
    expect(chunkActions(tally, 1)).toBe(4);
    expect(chunkUnits(Array.from({ length: 96 }, () => uncharged), 1)).toHaveLength(1);
  });

  it('refuses a unit that cannot fit one transaction', () => {
    const wide = { accounts: Array.from({ length: 50 }, (_, i) => `a${i}`), charged: [], extraActions: 51 };
    expect(() => chunkUnits([wide], 1)).toThrow(RangeError);
  });
});
