/**
 * Compiles one deck version into its immutable binary (see layout.ts), named by the sha256 of
 * its content. The cloud compiles once per version; edges load the bytes without parsing.
 *
 * Rows per prefix: at most one window-less row (two follow the foundation's duplicate rule:
 * higher per-minute, then higher connect, then the earlier row) and any number of windowed rows
 * that must not overlap (`window_overlap`, naming the earlier line). In the binary a prefix's
 * windowed rows come first and its window-less row last, so a lookup takes the first row in
 * force: a windowed row wins while it is in force.
 *
 * Rows stream in (`DeckCompiler.add`) and are kept only as typed-array columns (terms id,
 * window id, line), never as a million objects: memory stays flat whatever the deck's size and
 * the garbage collector has no large object graph to walk while a 1M-row deck compiles.
 */
import type { DeckRate } from '../deck-rate';
import { windowsOverlap, type RateWindow } from '../windows';
import { NODE_HAS_ROWS, NODE_ONE_ROW } from './layout';
import { packNodes } from './node-words';
import { RowSlots } from './row-slots';
import { writeDeckBinary } from './write';
import { TermsTable, WindowTable, windowKey } from './tables';
import { growInt32, growUint32 } from './grow';
import { TrieBuilder } from './trie-builder';
import { buildRootTable, rootDigitsFor } from './root-table';

// A module constant, not the imported binding: under tsx an imported name is a getter call.
const HAS_ROWS = NODE_HAS_ROWS;
const ONE_ROW = NODE_ONE_ROW;

/** A valid deck row with its optional time window (native `tollgate` format). */
export interface CompilableRate extends DeckRate {
  readonly window?: RateWindow | null;
}

export type CompileResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly hash: string }
  | {
      readonly ok: false;
      readonly code: 'window_overlap';
      readonly prefix: string;
      readonly line: number;
      readonly earlierLine: number;
      readonly message: string;
    };

type Overlap = Extract<CompileResult, { ok: false }>;

export interface CompileOptions {
  /** The root table's key length (0–6); by default chosen by the trie's size (root-table.ts). */
  readonly rootDigits?: number;
  /**
   * Nodes whose first child is farther than this go to the far table (default and maximum:
   * NODE_DISTANCE_MAX). Tests lower it to exercise far nodes without a multi-million-node trie.
   */
  readonly nearDistanceMax?: number;
}

/** All rows at once (the CLI, tests); streaming callers use DeckCompiler directly. */
export function compileDeck(
  rates: readonly CompilableRate[],
  options: CompileOptions = {},
): CompileResult {
  const compiler = new DeckCompiler(rates.length, options);
  for (const rate of rates) {
    const overlap = compiler.add(rate);
    if (overlap !== null) return overlap;
  }
  return compiler.finish();
}

export class DeckCompiler {
  private readonly trie: TrieBuilder;
  private readonly terms: TermsTable;
  private readonly windows = new WindowTable();
  private rowTerms: Uint32Array;
  private rowWindow: Uint32Array;
  private rowLine: Uint32Array;
  private rowNext: Int32Array;
  private nodeWindowless: Int32Array;
  private nodeWindowedHead: Int32Array;
  private rowCount = 0;

  constructor(
    expectedRows = 1024,
    private readonly options: CompileOptions = {},
  ) {
    const rows = Math.max(16, expectedRows);
    this.trie = new TrieBuilder(rows * 2);
    // Worst case every row has its own terms; real decks have far fewer (a 1M deck: 8 MB here).
    this.terms = new TermsTable(rows);
    this.rowTerms = new Uint32Array(rows);
    this.rowWindow = new Uint32Array(rows);
    this.rowLine = new Uint32Array(rows);
    this.rowNext = new Int32Array(rows);
    this.nodeWindowless = new Int32Array(rows * 2).fill(-1);
    this.nodeWindowedHead = new Int32Array(rows * 2).fill(-1);
  }

  /** Adds one valid row; returns the overlap when its window collides with an earlier row's. */
  add(rate: CompilableRate): Overlap | null {
    if (rate.prefix.length === 0) throw new RangeError(`compile: line ${rate.line} has no prefix`);
    const node = this.trie.insert(rate.prefix);
    this.reserve(node);
    const row = this.rowCount;
    const windowId = this.windows.id(rate.window);
    this.rowTerms[row] = this.terms.termsId(rate);
    this.rowWindow[row] = windowId;
    this.rowLine[row] = rate.line;
    if (windowId === 0) {
      const kept = this.nodeWindowless[node] ?? -1;
      if (kept < 0 || this.beats(row, kept)) this.nodeWindowless[node] = row;
    } else {
      const earlier = this.overlapping(node, windowId);
      if (earlier >= 0) return overlap(rate, this.rowLine[earlier] ?? 0);
      this.rowNext[row] = this.nodeWindowedHead[node] ?? -1;
      this.nodeWindowedHead[node] = row;
    }
    this.rowCount += 1;
    return null;
  }

  finish(): CompileResult {
    const flat = this.trie.flattenDepthFirst();
    const size = this.trie.size;
    const slots = new RowSlots(size, this.rowCount, this.rowTerms, this.rowWindow);
    for (let position = 0; position < size; position += 1) {
      const node = flat.order[position] ?? 0;
      const head = this.nodeWindowedHead[node] ?? -1;
      const windowless = this.nodeWindowless[node] ?? -1;
      let flags = 0;
      if (head >= 0) {
        const rows = this.windowedRows(head);
        if (windowless >= 0) rows.push(windowless);
        slots.many(position, rows);
        flags = HAS_ROWS;
      } else if (windowless >= 0) {
        slots.one(position, windowless);
        flags = HAS_ROWS | ONE_ROW;
      }
      flat.childMask[position] = (flat.childMask[position] as number) | flags;
    }
    const words = packNodes(flat.childMask, flat.firstChild, this.options.nearDistanceMax);
    const rootDigits = this.options.rootDigits ?? rootDigitsFor(size);
    return writeDeckBinary({
      ...words,
      rootDigits,
      ...buildRootTable(words, rootDigits),
      rowTerms: slots.rowTerms.subarray(0, slots.slots),
      rowWindow: slots.rowWindow.subarray(0, slots.slots),
      terms: this.terms.renumbered(slots.termsOrder()),
      windows: this.windows,
    });
  }

  /** A node's windowed rows in canonical window order (they never overlap). */
  private windowedRows(head: number): number[] {
    const rows: number[] = [];
    for (let row = head; row >= 0; row = this.rowNext[row] ?? -1) rows.push(row);
    const keyOf = (row: number): string => windowKey(this.windowOf(row));
    return rows.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  }

  /** The foundation's duplicate rule; ties keep the earlier row. */
  private beats(candidate: number, kept: number): boolean {
    const perMinute = (row: number) => this.terms.numberOf(1, this.rowTerms[row] ?? 0);
    const connect = (row: number) => this.terms.numberOf(0, this.rowTerms[row] ?? 0);
    if (perMinute(candidate) !== perMinute(kept)) return perMinute(candidate) > perMinute(kept);
    return connect(candidate) > connect(kept);
  }

  private overlapping(node: number, windowId: number): number {
    const window = this.windows.windows[windowId] as RateWindow;
    for (let row = this.nodeWindowedHead[node] ?? -1; row >= 0; row = this.rowNext[row] ?? -1) {
      if (windowsOverlap(window, this.windowOf(row))) return row;
    }
    return -1;
  }

  private windowOf(row: number): RateWindow {
    return this.windows.windows[this.rowWindow[row] ?? 0] as RateWindow;
  }

  private reserve(node: number): void {
    const rows = this.rowCount + 1;
    if (rows > this.rowTerms.length) {
      this.rowTerms = growUint32(this.rowTerms, rows);
      this.rowWindow = growUint32(this.rowWindow, rows);
      this.rowLine = growUint32(this.rowLine, rows);
      this.rowNext = growInt32(this.rowNext, rows, -1);
    }
    if (node >= this.nodeWindowless.length) {
      this.nodeWindowless = growInt32(this.nodeWindowless, node + 1, -1);
      this.nodeWindowedHead = growInt32(this.nodeWindowedHead, node + 1, -1);
    }
  }
}

function overlap(rate: CompilableRate, earlierLine: number): Overlap {
  return {
    ok: false,
    code: 'window_overlap',
    prefix: rate.prefix,
    line: rate.line,
    earlierLine,
    message: `the window of prefix ${rate.prefix} overlaps the one on line ${earlierLine}`,
  };
}
