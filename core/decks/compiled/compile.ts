/**
 * Compiles one deck version into its immutable binary (see layout.ts), named by the sha256 of
 * its content. The cloud compiles once per version; edges load the bytes without parsing.
 *
 * Rows per prefix: at most one window-less row (two follow the foundation's duplicate rule:
 * higher per-minute, then higher connect, then the earlier row) and any number of windowed rows
 * that must not overlap (`window_overlap`, naming the earlier line). In the binary a prefix's
 * windowed rows come first and its window-less row last, so a lookup takes the first row in
 * force: a windowed row wins while it is in force.
 */
import type { DeckRate } from '../deck-rate';
import { windowsOverlap, type RateWindow } from '../windows';
import { writeDeckBinary } from './write';
import { DeckTables, windowKey } from './tables';
import { TrieBuilder } from './trie-builder';

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

type Attached = { windowless: Int32Array; windowedHead: Int32Array; next: Int32Array };
type Overlap = Extract<CompileResult, { ok: false }>;

export function compileDeck(rates: readonly CompilableRate[]): CompileResult {
  const trie = new TrieBuilder(rates.length * 2);
  const nodeOf = new Int32Array(rates.length);
  rates.forEach((rate, index) => {
    if (rate.prefix.length === 0) throw new RangeError(`compile: line ${rate.line} has no prefix`);
    nodeOf[index] = trie.insert(rate.prefix);
  });
  const attached = attachRows(rates, nodeOf, trie.size);
  if ('code' in attached) return attached;
  const flat = trie.flattenBreadthFirst();
  const tables = new DeckTables();
  const rowTerms = new Uint32Array(rates.length);
  const rowWindow = new Uint16Array(rates.length);
  const nodeRowStart = new Uint32Array(trie.size + 1);
  let rowCount = 0;
  const windowed: CompilableRate[] = [];
  for (let position = 0; position < trie.size; position += 1) {
    const node = flat.order[position] ?? 0;
    nodeRowStart[position] = rowCount;
    windowed.length = 0;
    for (let row = attached.windowedHead[node] ?? -1; row >= 0; row = attached.next[row] ?? -1) {
      windowed.push(rates[row] as CompilableRate);
    }
    windowed.sort((a, b) => compareKeys(windowKey(a.window as RateWindow), windowKey(b.window as RateWindow)));
    const windowless = attached.windowless[node] ?? -1;
    const ordered = windowless >= 0 ? [...windowed, rates[windowless] as CompilableRate] : windowed;
    for (const rate of ordered) {
      rowTerms[rowCount] = tables.termsId(rate);
      rowWindow[rowCount] = tables.windowId(rate.window);
      rowCount += 1;
    }
  }
  nodeRowStart[trie.size] = rowCount;
  return writeDeckBinary({
    childMask: flat.childMask,
    firstChild: flat.firstChild,
    nodeRowStart,
    rowTerms: rowTerms.subarray(0, rowCount),
    rowWindow: rowWindow.subarray(0, rowCount),
    tables,
  });
}

/** Hangs every row on its trie node, resolving duplicates and rejecting overlapping windows. */
function attachRows(
  rates: readonly CompilableRate[],
  nodeOf: Int32Array,
  nodeCount: number,
): Attached | Overlap {
  const windowless = new Int32Array(nodeCount).fill(-1);
  const windowedHead = new Int32Array(nodeCount).fill(-1);
  const next = new Int32Array(rates.length).fill(-1);
  for (let index = 0; index < rates.length; index += 1) {
    const rate = rates[index] as CompilableRate;
    const node = nodeOf[index] ?? 0;
    if (rate.window === null || rate.window === undefined) {
      const kept = windowless[node] ?? -1;
      if (kept < 0 || beats(rate, rates[kept] as CompilableRate)) windowless[node] = index;
      continue;
    }
    for (let other = windowedHead[node] ?? -1; other >= 0; other = next[other] ?? -1) {
      const earlier = rates[other] as CompilableRate;
      if (windowsOverlap(rate.window, earlier.window as RateWindow)) return overlap(rate, earlier);
    }
    next[index] = windowedHead[node] ?? -1;
    windowedHead[node] = index;
  }
  return { windowless, windowedHead, next };
}

/** The foundation's duplicate rule; ties keep the earlier row. */
function beats(candidate: DeckRate, kept: DeckRate): boolean {
  if (candidate.perMinuteMicros !== kept.perMinuteMicros) {
    return candidate.perMinuteMicros > kept.perMinuteMicros;
  }
  return candidate.connectMicros > kept.connectMicros;
}

function overlap(rate: CompilableRate, earlier: CompilableRate): Overlap {
  return {
    ok: false,
    code: 'window_overlap',
    prefix: rate.prefix,
    line: rate.line,
    earlierLine: earlier.line,
    message: `the window of prefix ${rate.prefix} overlaps the one on line ${earlier.line}`,
  };
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
