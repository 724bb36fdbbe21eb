/**
 * The root table: for every k-digit string, the trie node it leads to and that node's word
 * (layout.ts). A lookup reads one entry instead of walking the first k digits, which for a cold
 * number are k dependent loads (in a 1M-prefix deck the nodes 4–5 digits deep are spread over
 * megabytes); the table itself is small enough to stay cached (10^5 entries of 8 bytes for a
 * million prefixes). Rows above depth k are not in the table: only when nothing deeper matches
 * does the lookup walk the first k digits (hot nodes near the root), so windowed rows there are
 * evaluated exactly as without a table.
 */
import {
  CHILD_BITS,
  ROOT_DIGITS_MAX,
  ROOT_ENTRY_WORDS,
  firstChildOf,
  rootTableLength,
  type DeckArrays,
} from './layout';

type Trie = Pick<DeckArrays, 'nodes' | 'farChild'>;

/**
 * The default key length for a trie of `nodeCount` nodes: about one entry per ten nodes or
 * fewer, at most 10^5 entries (0.8 MB, under a byte per prefix of a 1M-prefix deck), none for
 * tiny decks.
 */
export function rootDigitsFor(nodeCount: number): number {
  return Math.max(0, Math.min(5, Math.floor(Math.log10(Math.max(1, nodeCount))) - 1));
}

export function buildRootTable(trie: Trie, rootDigits: number): Uint32Array {
  if (!(Number.isInteger(rootDigits) && rootDigits >= 0 && rootDigits <= ROOT_DIGITS_MAX)) {
    throw new RangeError(`compile: root digits must be 0–${ROOT_DIGITS_MAX}, got ${rootDigits}`);
  }
  const table = new Uint32Array(rootTableLength(rootDigits));
  if (rootDigits > 0) fill(trie, table, 0, 0, rootDigits, 0);
  return table;
}

/** Fills the entries under `key` (its first `depth` digits lead to `node`); missing paths stay 0. */
function fill(
  trie: Trie,
  table: Uint32Array,
  node: number,
  depth: number,
  rootDigits: number,
  key: number,
): void {
  const word = trie.nodes[node] as number;
  if (depth === rootDigits) {
    table[key * ROOT_ENTRY_WORDS] = node;
    table[key * ROOT_ENTRY_WORDS + 1] = word;
    return;
  }
  const mask = word & CHILD_BITS;
  if (mask === 0) return;
  let child = firstChildOf(trie, node);
  for (let digit = 0; digit < 10; digit += 1) {
    if ((mask & (1 << digit)) === 0) continue;
    fill(trie, table, child, depth + 1, rootDigits, key * 10 + digit);
    child += 1;
  }
}
