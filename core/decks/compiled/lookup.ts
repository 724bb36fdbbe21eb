/**
 * Longest-prefix match over a compiled deck, allocating nothing: the walk reads typed arrays and
 * string char codes only, and the answer goes into a caller-owned cursor (reused across calls)
 * instead of a fresh object. `bench/decks.bench.ts` measures the heap delta over a million
 * lookups with `--expose-gc`; `lookup.test.ts` holds it under a bound.
 *
 * Children of a node are contiguous in digit order, so the child for digit d is
 * firstChild + popcount(mask & ((1 << d) − 1)), read from a 1,024-entry table.
 */
import { windowInForce } from '../windows';
import type { CompiledDeck } from './deck';
import { NODE_HAS_ROWS, NODE_ONE_ROW, NODE_WORDS } from './layout';

// Imported bindings copied to module constants: under tsx (tests, `npm run bench`) each use of an
// imported name is a property read through a getter, which made this hot loop ten times slower.
const HAS_ROWS = NODE_HAS_ROWS;
const ONE_ROW = NODE_ONE_ROW;
// The walk reads records as [first child, mask, first row]: 3 words (layout.ts).
if (NODE_WORDS !== 3) throw new Error('lookup: the walk assumes 3-word node records');
const inForce = windowInForce;

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
 * for the first k digits; only if nothing deeper matches does it walk those k digits (whose
 * rows, windowed or not, are then evaluated exactly as without a table).
 */
export function lookupRow(
  deck: CompiledDeck,
  digits: string,
  minuteOfWeek: number,
  cursor: LookupCursor,
): boolean {
  const nodes = deck.arrays.nodes;
  const rootDigits = deck.counts.rootDigits;
  const key = rootDigits === 0 ? -1 : rootKey(digits, rootDigits);
  if (key < 0) {
    return walk(deck, digits, 0, digits.length, nodes[0] as number, nodes[1] as number, minuteOfWeek, cursor);
  }
  const root = deck.arrays.rootTable;
  const first = root[key * 2] as number;
  const mask = root[key * 2 + 1] as number;
  if (walk(deck, digits, rootDigits, digits.length, first, mask, minuteOfWeek, cursor)) return true;
  return walk(deck, digits, 0, rootDigits, nodes[0] as number, nodes[1] as number, minuteOfWeek, cursor);
}

/**
 * Walks digits [from, to) from the node at depth `from` (given by its first child and mask),
 * writing the deepest row in force into the cursor.
 */
function walk(
  deck: CompiledDeck,
  digits: string,
  from: number,
  to: number,
  firstChild: number,
  childMask: number,
  minuteOfWeek: number,
  cursor: LookupCursor,
): boolean {
  const nodes = deck.arrays.nodes;
  let first = firstChild;
  let mask = childMask;
  let bestRow = -1;
  let bestDepth = 0;
  for (let index = from; index < to; index += 1) {
    const digit = digits.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) break;
    const bit = 1 << digit;
    if ((mask & bit) === 0) break;
    // bit − 1 covers only child bits below `digit`, never the flags (bits 10, 11).
    const at = (first + (POPCOUNT[mask & (bit - 1)] as number)) * 3;
    first = nodes[at] as number;
    mask = nodes[at + 1] as number;
    if ((mask & HAS_ROWS) === 0) continue;
    if ((mask & ONE_ROW) !== 0) {
      bestRow = nodes[at + 2] as number;
      bestDepth = index + 1;
      continue;
    }
    const row = rowInForce(deck, nodes[at + 2] as number, nodes[at + 5] as number, minuteOfWeek);
    if (row >= 0) {
      bestRow = row;
      bestDepth = index + 1;
    }
  }
  cursor.row = bestRow;
  cursor.depth = bestDepth;
  return bestRow >= 0;
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

/** The first row of [start, end) in force: windowed rows come first, the window-less row last. */
function rowInForce(deck: CompiledDeck, start: number, end: number, minuteOfWeek: number): number {
  const { rowWindow, windowMask, windowFrom, windowTo } = deck.arrays;
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
  let at = 0;
  for (let index = 0; index < prefix.length; index += 1) {
    const digit = prefix.charCodeAt(index) - 48;
    const mask = (nodes[at + 1] ?? 0) & 0x3ff;
    if (digit < 0 || digit > 9 || (mask & (1 << digit)) === 0) return -1;
    at = ((nodes[at] ?? 0) + (POPCOUNT[mask & ((1 << digit) - 1)] ?? 0)) * 3;
  }
  for (let row = nodes[at + 2] ?? 0; row < (nodes[at + 5] ?? 0); row += 1) {
    if (deck.windowTextOfRow(row) === windowText) return row;
  }
  return -1;
}
