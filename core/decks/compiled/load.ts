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
  NODE_WORDS,
  ROOT_DIGITS_MAX,
  ROOT_DIGITS_OFFSET,
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
// The check below reads records as [first child, mask, first row] (layout.ts).
if (NODE_WORDS !== 3) throw new Error('load: the trie check assumes 3-word node records');
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
    return fail('unsupported_deck_version', `deck format ${version} is not ${FORMAT_VERSION}`);
  }
  const counts: SectionCounts = {
    nodeCount: field(HEADER_FIELDS.nodeCount),
    rowCount: field(HEADER_FIELDS.rowCount),
    termsCount: field(HEADER_FIELDS.termsCount),
    windowCount: field(HEADER_FIELDS.windowCount),
    stringCount: field(HEADER_FIELDS.stringCount),
    stringBytes: field(HEADER_FIELDS.stringBytes),
    dictionarySizes: TERM_FIELDS.map((_, index) => field(DICTIONARY_SIZES_OFFSET + 4 * index)),
    rootDigits: field(ROOT_DIGITS_OFFSET),
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
  return (
    trieProblem(arrays, counts) ??
    rootTableProblem(arrays, counts) ??
    rowsProblem(arrays, counts) ??
    termsProblem(arrays, counts) ??
    stringsProblem(arrays, counts)
  );
}

function trieProblem(arrays: DeckArrays, counts: SectionCounts): string | null {
  const nodes = arrays.nodes;
  const nodeCount = counts.nodeCount;
  // One branch-free pass (it runs on every load of a 1M-prefix deck); details only on failure.
  let bad = 0;
  for (let node = 0; node < nodeCount; node += 1) {
    const at = node * 3;
    const firstChild = nodes[at] as number;
    const mask = nodes[at + 1] as number;
    const start = nodes[at + 2] as number;
    const end = nodes[at + 5] as number;
    const children = mask & CHILDREN;
    bad |= (start > end ? 1 : 0) | (mask > (CHILDREN | HAS_ROWS | ONE_ROW) ? 1 : 0);
    bad |= ((mask & HAS_ROWS) !== 0) !== start < end ? 1 : 0;
    // A one-row node's row is its only one and window-less: the lookup takes it unread.
    const oneRow = (mask & ONE_ROW) !== 0;
    bad |= oneRow && (end - start !== 1 || arrays.rowWindow[start] !== 0) ? 1 : 0;
    bad |= children !== 0 && firstChild + (POPCOUNT[children] as number) > nodeCount ? 1 : 0;
  }
  if (bad !== 0) return 'a trie node has an invalid child mask, child index or row range';
  const rowsEnd = nodes[nodeCount * 3 + 2];
  return rowsEnd === counts.rowCount ? null : 'row ranges do not cover the rows';
}

/** Each entry is a record's [first child, mask] (or zeros): its children must exist. */
function rootTableProblem(arrays: DeckArrays, counts: SectionCounts): string | null {
  const table = arrays.rootTable;
  let bad = 0;
  for (let at = 0; at < table.length; at += ROOT_ENTRY_WORDS) {
    const firstChild = table[at] as number;
    const mask = table[at + 1] as number;
    bad |= mask > (CHILDREN | HAS_ROWS | ONE_ROW) ? 1 : 0;
    const children = mask & CHILDREN;
    bad |= children !== 0 && firstChild + (POPCOUNT[children] as number) > counts.nodeCount ? 1 : 0;
  }
  return bad === 0 ? null : 'a root table entry names missing trie nodes';
}

function rowsProblem(arrays: DeckArrays, counts: SectionCounts): string | null {
  if (counts.rowCount > 0 && maxOf(arrays.rowTerms) >= counts.termsCount) {
    return 'a row names missing terms';
  }
  if (maxOf(arrays.rowWindow) >= counts.windowCount) return 'a row names a missing window';
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
