/**
 * The root table: for every k-digit string, the first child and mask of the trie node it leads
 * to (layout.ts). A lookup reads one entry instead of walking the first k digits, which for a
 * cold number are k dependent loads (in a 1M-prefix deck the nodes 4–5 digits deep are spread
 * over megabytes); the table itself is small enough to stay in the L2/L3 cache (10^5 entries of
 * 8 bytes for a million prefixes). Rows above depth k are not in the table: only when nothing
 * deeper matches does the lookup walk the first k digits (hot top-level nodes), so windowed
 * rows there are evaluated exactly as without a table.
 */
import { CHILD_BITS, NODE_WORDS, ROOT_DIGITS_MAX, ROOT_ENTRY_WORDS, rootTableLength } from './layout';

/**
 * The default key length for a trie of `nodeCount` nodes: about one entry per ten nodes, at most
 * 10^5 entries (0.8 MB, under a byte per prefix of a 1M-prefix deck), none for tiny decks.
 */
export function rootDigitsFor(nodeCount: number): number {
  return Math.max(0, Math.min(5, Math.floor(Math.log10(Math.max(1, nodeCount))) - 1));
}

/** The table for interleaved node records `nodes` (NODE_WORDS per node, the root first). */
export function buildRootTable(nodes: Uint32Array, rootDigits: number): Uint32Array {
  if (!(Number.isInteger(rootDigits) && rootDigits >= 0 && rootDigits <= ROOT_DIGITS_MAX)) {
    throw new RangeError(`compile: root digits must be 0–${ROOT_DIGITS_MAX}, got ${rootDigits}`);
  }
  const table = new Uint32Array(rootTableLength(rootDigits));
  if (rootDigits > 0) fill(nodes, table, 0, 0, rootDigits, 0);
  return table;
}

/** Fills the entries under `key` (its first `depth` digits walked to the record at `at`). */
function fill(
  nodes: Uint32Array,
  table: Uint32Array,
  at: number,
  depth: number,
  rootDigits: number,
  key: number,
): void {
  if (depth === rootDigits) {
    table[key * ROOT_ENTRY_WORDS] = nodes[at] as number;
    table[key * ROOT_ENTRY_WORDS + 1] = nodes[at + 1] as number;
    return;
  }
  const mask = (nodes[at + 1] as number) & CHILD_BITS;
  let child = nodes[at] as number;
  for (let digit = 0; digit < 10; digit += 1) {
    if ((mask & (1 << digit)) === 0) continue;
    fill(nodes, table, child * NODE_WORDS, depth + 1, rootDigits, key * 10 + digit);
    child += 1;
  }
}
