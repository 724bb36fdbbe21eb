/**
 * The root table: for every k-digit string, the trie node it leads to and that node's word
 * (layout.ts). A lookup reads one entry instead of walking the first k digits, which for a cold
 * number are k dependent loads (in a 1M-prefix deck the nodes 4–5 digits deep are spread over
 * megabytes); the table itself is small enough to stay cached (10^5 entries of 8 bytes for a
 * million prefixes).
 *
 * Rows above depth k are in a second array, read only when nothing deeper matches: the deepest
 * row on the key's path when it is a one-row node's (always in force), or ROOT_BEST_WALK when a
 * node with windowed rows decides; then the lookup walks the first k digits and evaluates
 * their windows exactly as without a table.
 */
import {
  CHILD_BITS,
  NODE_HAS_ROWS,
  NODE_ONE_ROW,
  ROOT_BEST_NODES_MAX,
  ROOT_BEST_WALK,
  ROOT_DIGITS_MAX,
  ROOT_ENTRY_WORDS,
  firstChildOf,
  rootTableLength,
  type DeckArrays,
} from './layout';

type Trie = Pick<DeckArrays, 'nodes' | 'farChild'>;
type RootTables = Pick<DeckArrays, 'rootTable' | 'rootBest'>;

/**
 * The default key length for a trie of `nodeCount` nodes: about one entry per ten nodes or
 * fewer, at most 10^5 entries (1.2 MB, about a byte per prefix of a 1M-prefix deck), none for
 * tiny decks or tries too big for root-best entries.
 */
export function rootDigitsFor(nodeCount: number): number {
  if (nodeCount > ROOT_BEST_NODES_MAX) return 0;
  return Math.max(0, Math.min(5, Math.floor(Math.log10(Math.max(1, nodeCount))) - 1));
}

export function buildRootTable(trie: Trie, rootDigits: number): RootTables {
  if (!(Number.isInteger(rootDigits) && rootDigits >= 0 && rootDigits <= ROOT_DIGITS_MAX)) {
    throw new RangeError(`compile: root digits must be 0–${ROOT_DIGITS_MAX}, got ${rootDigits}`);
  }
  if (rootDigits > 0 && trie.nodes.length > ROOT_BEST_NODES_MAX) {
    throw new RangeError('compile: a trie this big cannot have a root table');
  }
  const length = rootTableLength(rootDigits);
  const tables = {
    rootTable: new Uint32Array(length),
    rootBest: new Uint32Array(length / ROOT_ENTRY_WORDS),
  };
  if (rootDigits > 0) fill(trie, tables, { node: 0, depth: 0, key: 0, best: 0 }, rootDigits);
  return tables;
}

interface Place {
  readonly node: number;
  readonly depth: number;
  /** The digits walked so far, as a number. */
  readonly key: number;
  /** The root-best entry of the path so far. */
  readonly best: number;
}

/** Fills the entries of every key starting with `at.key`; missing paths keep zero entries. */
function fill(trie: Trie, tables: RootTables, at: Place, rootDigits: number): void {
  const word = trie.nodes[at.node] as number;
  const best = (word & NODE_HAS_ROWS) === 0 ? at.best : bestOf(word, at.node, at.depth);
  if (at.depth === rootDigits) {
    tables.rootTable[at.key * ROOT_ENTRY_WORDS] = at.node;
    tables.rootTable[at.key * ROOT_ENTRY_WORDS + 1] = word;
    tables.rootBest[at.key] = best;
    return;
  }
  const mask = word & CHILD_BITS;
  let child = mask === 0 ? 0 : firstChildOf(trie, at.node);
  const span = 10 ** (rootDigits - at.depth - 1);
  for (let digit = 0; digit < 10; digit += 1) {
    const key = at.key * 10 + digit;
    if ((mask & (1 << digit)) === 0) {
      tables.rootBest.fill(best, key * span, (key + 1) * span);
      continue;
    }
    fill(trie, tables, { node: child, depth: at.depth + 1, key, best }, rootDigits);
    child += 1;
  }
}

function bestOf(word: number, node: number, depth: number): number {
  return (word & NODE_ONE_ROW) === 0 ? ROOT_BEST_WALK : node * 8 + depth;
}
