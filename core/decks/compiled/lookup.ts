/**
 * Longest-prefix match over a compiled deck, allocating nothing: the walk reads typed arrays and
 * string char codes only, and the answer goes into a caller-owned cursor (reused across calls)
 * instead of a fresh object. `bench/decks.bench.ts` measures the heap delta over a million
 * lookups with `--expose-gc`; `compiled.test.ts` holds it under a bound.
 *
 * A node is one word (layout.ts): children of a node are contiguous in digit order, so the child
 * for digit d is firstChild + popcount(mask & ((1 << d) − 1)), read from a 1,024-entry table,
 * and firstChild is the node plus the distance in its word. The walk touches no row unless a
 * node on the path has windowed rows: a one-row node's row is its own slot.
 */
import { windowInForce } from '../windows';
import type { CompiledDeck } from './deck';
import {
  CHILD_BITS,
  NODE_DISTANCE_SHIFT,
  NODE_FAR,
  NODE_HAS_ROWS,
  NODE_ONE_ROW,
  ROOT_BEST_WALK,
  ROOT_ENTRY_WORDS,
  firstChildOf,
} from './layout';

// Imported bindings copied to module constants: under tsx (tests, `npm run bench`) each use of an
// imported name is a property read through a getter, which made this hot loop ten times slower.
const HAS_ROWS = NODE_HAS_ROWS;
const ONE_ROW = NODE_ONE_ROW;
const SHIFT = NODE_DISTANCE_SHIFT;
const FAR = NODE_FAR;
const WALK = ROOT_BEST_WALK;
const inForce = windowInForce;
// The table entry reads below assume [node id, node word] pairs (layout.ts).
if (ROOT_ENTRY_WORDS !== 2) throw new Error('lookup: the root table entries are two words');

/** Use as `minuteOfWeek` to ignore windowed rows (only rows that apply always match). */
export const NO_INSTANT = -1;

const POPCOUNT = new Uint8Array(1024);
for (let mask = 1; mask < 1024; mask += 1) POPCOUNT[mask] = (POPCOUNT[mask >> 1] ?? 0) + (mask & 1);

/** Where a lookup writes its answer; `row` is -1 when nothing matched. */
export class LookupCursor {
  row = -1;
  /** Digits of the number that the matched prefix covers. */
  depth = 0;
}

/**
 * Finds the longest prefix of `digits` with a row in force at `minuteOfWeek` (local, Monday
 * 00:00 = 0; NO_INSTANT = window-less rows only). A prefix whose rows are all out of force falls
 * back to the next shorter prefix. Stops at the first character that is not a digit.
 *
 * With a root table (k digits, root-table.ts) the walk starts at depth k from the table's entry
 * for the first k digits. If nothing deeper matches, the table's root-best entry answers, or,
 * when a node with windowed rows lies above depth k, the walk of those k digits evaluates them
 * exactly as without a table.
 */
export function lookupRow(
  deck: CompiledDeck,
  digits: string,
  minuteOfWeek: number,
  cursor: LookupCursor,
): boolean {
  // One function, one loop (restarted at most once), to keep the inlined code small: V8 inlines
  // a caller only while all it inlines fits one bytecode budget, and when selectRateInto (lookup
  // inside) misses it, the rating loop calls it and boxes its instant argument per CDR.
  const { nodes, farChild, rootTable } = deck.arrays;
  const rootDigits = deck.counts.rootDigits;
  const key = rootDigits === 0 ? -1 : rootKey(digits, rootDigits);
  let from = key < 0 ? 0 : rootDigits;
  let to = digits.length;
  let node = key < 0 ? 0 : (rootTable[key * 2] as number);
  let word = (key < 0 ? nodes[0] : rootTable[key * 2 + 1]) as number;
  for (;;) {
    let bestRow = -1;
    let bestDepth = 0;
    for (let index = from; index < to; index += 1) {
      const digit = digits.charCodeAt(index) - 48;
      if (digit < 0 || digit > 9) break;
      const bit = 1 << digit;
      if ((word & bit) === 0) break;
      const next = word >>> SHIFT;
      // bit − 1 covers only child bits below `digit`, never the flags (bits 10–12).
      node = ((word & FAR) === 0 ? node + next : (farChild[next] as number)) + (POPCOUNT[word & (bit - 1)] as number);
      word = nodes[node] as number;
      if ((word & HAS_ROWS) === 0) continue;
      const row = (word & ONE_ROW) !== 0 ? node : windowedRowInForce(deck, node, minuteOfWeek);
      if (row >= 0) {
        bestRow = row;
        bestDepth = index + 1;
      }
    }
    // Nothing below depth k: the deepest row above it, unless windows decide (walk from the root).
    if (bestRow >= 0 || from === 0) return answer(cursor, bestRow, bestDepth);
    const best = deck.arrays.rootBest[key] as number;
    if (best !== WALK) return answer(cursor, best === 0 ? -1 : best >>> 3, best & 7);
    to = from;
    from = 0;
    node = 0;
    word = nodes[0] as number;
  }
}

function answer(cursor: LookupCursor, row: number, depth: number): boolean {
  cursor.row = row;
  cursor.depth = depth;
  return row >= 0;
}

/** The first `length` digits as a number, or -1 if `digits` is shorter or not all digits. */
function rootKey(digits: string, length: number): number {
  if (digits.length < length) return -1;
  let key = 0;
  for (let index = 0; index < length; index += 1) {
    const digit = digits.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    key = key * 10 + digit;
  }
  return key;
}

/** The first of a windowed node's rows in force: windowed rows come first, the window-less last. */
function windowedRowInForce(deck: CompiledDeck, node: number, minuteOfWeek: number): number {
  const { rowTerms, rowWindow, windowMask, windowFrom, windowTo } = deck.arrays;
  const start = rowTerms[node] as number;
  const end = start + (rowWindow[node] as number);
  for (let row = start; row < end; row += 1) {
    const window = rowWindow[row] as number;
    if (window === 0) return row;
    if (minuteOfWeek < 0) continue;
    const mask = windowMask[window] as number;
    const from = windowFrom[window] as number;
    if (inForce(mask, from, windowTo[window] as number, minuteOfWeek)) return row;
  }
  return -1;
}

/**
 * The row that a recorded selection names (edge → CDR → cloud): the exact `prefix` and the
 * canonical window text ('' = the window-less row). -1 when this deck has no such row.
 */
export function rowForSelection(deck: CompiledDeck, prefix: string, windowText: string): number {
  if (prefix.length === 0) return -1;
  const nodes = deck.arrays.nodes;
  let node = 0;
  for (let index = 0; index < prefix.length; index += 1) {
    const digit = prefix.charCodeAt(index) - 48;
    const mask = (nodes[node] ?? 0) & CHILD_BITS;
    if (digit < 0 || digit > 9 || (mask & (1 << digit)) === 0) return -1;
    node = firstChildOf(deck.arrays, node) + (POPCOUNT[mask & ((1 << digit) - 1)] ?? 0);
  }
  const word = nodes[node] ?? 0;
  if ((word & HAS_ROWS) === 0) return -1;
  if ((word & ONE_ROW) !== 0) return windowText === '' ? node : -1;
  const start = deck.arrays.rowTerms[node] ?? 0;
  const end = start + (deck.arrays.rowWindow[node] ?? 0);
  for (let row = start; row < end; row += 1) {
    if (deck.windowTextOfRow(row) === windowText) return row;
  }
  return -1;
}
