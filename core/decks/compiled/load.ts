/**
 * Loads a compiled deck from bytes (e.g. a file the edge read from disk) without parsing: the
 * header is checked, the sections become typed-array views over the same memory, and the
 * content hash is verified (sha256 runs at ~1.5 GB/s here: ~20 ms for a 1M-prefix deck).
 * Structural checks make every index a lookup follows stay in bounds even if a caller skips the
 * hash, so a corrupt file is refused instead of answering wrong prices.
 */
import { CompiledDeck } from './deck';
import {
  CHILD_BITS,
  DICTIONARY_SIZES_OFFSET,
  ENDIAN_MARKER,
  FORMAT_VERSION,
  HASH_BYTES,
  HASH_OFFSET,
  HEADER_BYTES,
  HEADER_FIELDS,
  MAGIC,
  NODE_HAS_ROWS,
  NODE_ONE_ROW,
  NODE_DISTANCE_SHIFT,
  NODE_FAR,
  ROOT_BEST_WALK,
  ROOT_DIGITS_MAX,
  ROOT_ENTRY_WORDS,
  STRING_FIELDS,
  TERM_FIELDS,
  planLayout,
  viewSections,
  type DeckArrays,
  type SectionCounts,
} from './layout';
import { contentHash } from './write';

export type LoadErrorCode =
  | 'not_a_compiled_deck'
  | 'unsupported_deck_version'
  | 'deck_truncated'
  | 'deck_hash_mismatch'
  | 'deck_corrupt';

export type LoadResult =
  | { readonly ok: true; readonly deck: CompiledDeck }
  | { readonly ok: false; readonly code: LoadErrorCode; readonly message: string };

// Imported bindings copied to module constants: under tsx (tests, `npm run bench`) each use of an
// imported name is a property read through a getter, which made this hot loop ten times slower.
const HAS_ROWS = NODE_HAS_ROWS;
const ONE_ROW = NODE_ONE_ROW;
const CHILDREN = CHILD_BITS;
const SHIFT = NODE_DISTANCE_SHIFT;
const FAR = NODE_FAR;
const POPCOUNT = new Uint8Array(1024);
for (let mask = 1; mask < 1024; mask += 1) {
  POPCOUNT[mask] = (POPCOUNT[mask >> 1] as number) + (mask & 1);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function loadCompiledDeck(
  input: Uint8Array,
  options: { verifyHash?: boolean } = {},
): LoadResult {
  if (!LITTLE_ENDIAN) throw new Error('compiled decks need a little-endian machine');
  if (input.length < HEADER_BYTES || !hasMagic(input)) {
    return fail('not_a_compiled_deck', 'the bytes do not start with a compiled deck header');
  }
  const header = new DataView(input.buffer, input.byteOffset, HEADER_BYTES);
  const field = (offset: number): number => header.getUint32(offset, true);
  const version = field(HEADER_FIELDS.formatVersion);
  if (version !== FORMAT_VERSION || field(HEADER_FIELDS.endianMarker) !== ENDIAN_MARKER) {
    const message = `deck format ${version} is not ${FORMAT_VERSION}: recompile the deck from its rates`;
    return fail('unsupported_deck_version', message);
  }
  const counts: SectionCounts = {
    nodeCount: field(HEADER_FIELDS.nodeCount),
    rowCount: field(HEADER_FIELDS.rowCount),
    termsCount: field(HEADER_FIELDS.termsCount),
    windowCount: field(HEADER_FIELDS.windowCount),
    stringCount: field(HEADER_FIELDS.stringCount),
    stringBytes: field(HEADER_FIELDS.stringBytes),
    dictionarySizes: TERM_FIELDS.map((_, index) => field(DICTIONARY_SIZES_OFFSET + 4 * index)),
    rootDigits: field(HEADER_FIELDS.rootDigits),
    farCount: field(HEADER_FIELDS.farCount),
  };
  if (counts.rootDigits > ROOT_DIGITS_MAX) {
    return fail('deck_corrupt', `root table key length ${counts.rootDigits} is over ${ROOT_DIGITS_MAX}`);
  }
  const { places, totalBytes } = planLayout(counts);
  if (field(HEADER_FIELDS.totalBytes) !== totalBytes || input.length !== totalBytes) {
    return fail('deck_truncated', `expected ${totalBytes} bytes, got ${input.length}`);
  }
  const digest = input.subarray(HASH_OFFSET, HASH_OFFSET + HASH_BYTES);
  if (options.verifyHash !== false && !equalBytes(contentHash(input), digest)) {
    return fail('deck_hash_mismatch', 'the content does not match the hash in the header');
  }
  // Typed arrays need aligned offsets; a Buffer from a pool may not start on 8 bytes.
  const aligned = input.byteOffset % 8 === 0 ? input : input.slice();
  const arrays = viewSections(aligned.buffer as ArrayBuffer, aligned.byteOffset, places);
  const problem = structuralProblem(arrays, counts);
  if (problem !== null) return fail('deck_corrupt', problem);
  const hash = Buffer.from(digest).toString('hex');
  return { ok: true, deck: new CompiledDeck(hash, arrays, counts, totalBytes) };
}

/** Every index the lookup and the accessors follow, checked once in O(size). */
function structuralProblem(arrays: DeckArrays, counts: SectionCounts): string | null {
  if (counts.nodeCount === 0 || counts.windowCount === 0 || counts.stringCount === 0) {
    return 'empty tables';
  }
  if (counts.rowCount < counts.nodeCount) return 'fewer row slots than trie nodes';
  return (
    trieProblem(arrays, counts) ??
    rootTableProblem(arrays, counts) ??
    rowsProblem(arrays, counts) ??
    termsProblem(arrays, counts) ??
    stringsProblem(arrays, counts)
  );
}

/**
 * Every node's children exist (near ones by distance, far ones through the far table), and its
 * flags match its row slot: a one-row node's slot is a window-less row, a node with windowed
 * rows points at a run of rows after the node slots. One branch-free pass (it runs on every
 * load of a 1M-prefix deck); details only on failure.
 */
function trieProblem(arrays: DeckArrays, counts: SectionCounts): string | null {
  const { nodes, farChild, rowTerms, rowWindow } = arrays;
  const nodeCount = counts.nodeCount;
  let bad = 0;
  for (let node = 0; node < nodeCount; node += 1) {
    const word = nodes[node] as number;
    const children = POPCOUNT[word & CHILDREN] as number;
    const next = word >>> SHIFT;
    const first = (word & FAR) === 0 ? node + next : (farChild[next] ?? nodeCount);
    bad |= children !== 0 && (first <= node || first + children > nodeCount) ? 1 : 0;
    const hasRows = (word & HAS_ROWS) !== 0;
    const oneRow = (word & ONE_ROW) !== 0;
    const slotTerms = rowTerms[node] as number;
    const slotWindow = rowWindow[node] as number;
    bad |= oneRow && (!hasRows || slotWindow !== 0 || slotTerms >= counts.termsCount) ? 1 : 0;
    const run = hasRows && !oneRow;
    bad |= run && (slotWindow === 0 || slotTerms < nodeCount || slotTerms + slotWindow > counts.rowCount) ? 1 : 0;
  }
  return bad === 0 ? null : 'a trie node has an invalid child index or row slot';
}

/** Each entry is a node's id and word (or zeros); each root-best names a one-row node's row. */
function rootTableProblem(arrays: DeckArrays, counts: SectionCounts): string | null {
  const { nodes, rootTable, rootBest } = arrays;
  for (let at = 0; at < rootTable.length; at += ROOT_ENTRY_WORDS) {
    const node = rootTable[at] as number;
    const word = rootTable[at + 1] as number;
    if (node >= counts.nodeCount || (word !== 0 && word !== nodes[node])) {
      return 'a root table entry names a missing trie node';
    }
  }
  for (let key = 0; key < rootBest.length; key += 1) {
    const best = rootBest[key] as number;
    if (best === 0 || best === ROOT_BEST_WALK) continue;
    const depth = best & 7;
    const oneRow = ((nodes[best >>> 3] ?? 0) & ONE_ROW) !== 0;
    if (!oneRow || depth === 0 || depth > counts.rootDigits) return 'a root-best entry names no row';
  }
  return null;
}

/** The rows after the node slots (runs of nodes with windowed rows). */
function rowsProblem(arrays: DeckArrays, counts: SectionCounts): string | null {
  for (let row = counts.nodeCount; row < counts.rowCount; row += 1) {
    if ((arrays.rowTerms[row] as number) >= counts.termsCount) return 'a row names missing terms';
    if ((arrays.rowWindow[row] as number) >= counts.windowCount) return 'a row names a missing window';
  }
  return null;
}

function termsProblem(arrays: DeckArrays, counts: SectionCounts): string | null {
  for (let field = 0; field < TERM_FIELDS.length; field += 1) {
    const indexes = arrays.termIndexes[field];
    const size = counts.dictionarySizes[field] ?? 0;
    if (indexes === undefined || (counts.termsCount > 0 && maxOf(indexes) >= size)) {
      return `terms field ${TERM_FIELDS[field]} points past its dictionary`;
    }
    if (!STRING_FIELDS.includes(TERM_FIELDS[field] as (typeof TERM_FIELDS)[number])) continue;
    const dictionary = arrays.dictionaries[field] as Float64Array;
    if (dictionary.some((id) => !(id >= 0 && id < counts.stringCount && Number.isInteger(id)))) {
      return `terms field ${TERM_FIELDS[field]} names a missing string`;
    }
  }
  return null;
}

function stringsProblem(arrays: DeckArrays, counts: SectionCounts): string | null {
  const offsets = arrays.stringOffsets;
  for (let id = 0; id < counts.stringCount; id += 1) {
    if ((offsets[id] as number) > (offsets[id + 1] as number)) return `string ${id}: bad length`;
  }
  if (offsets[counts.stringCount] === counts.stringBytes) return null;
  return 'string offsets do not cover the data';
}

function maxOf(values: Uint8Array | Uint16Array | Uint32Array): number {
  let max = 0;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] as number;
    if (value > max) max = value;
  }
  return max;
}


function hasMagic(bytes: Uint8Array): boolean {
  for (let index = 0; index < MAGIC.length; index += 1) {
    if (bytes[index] !== MAGIC.charCodeAt(index)) return false;
  }
  return true;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function fail(code: LoadErrorCode, message: string): LoadResult {
  return { ok: false, code, message };
}
