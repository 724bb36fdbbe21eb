/**
 * The compiled deck's binary layout, version 2. One little-endian buffer: a 128-byte header,
 * then typed-array sections, each starting on an 8-byte boundary so that a loader can view them
 * in place (no parsing, no copying).
 *
 * Header (byte offset: field, u32 unless said):
 *   0  magic "TGDECK\0\0"          8  format version             12 header bytes
 *   16 node count                  20 row slot count             24 terms count
 *   28 window count (incl. slot 0) 32 string count               36 string bytes
 *   40 total bytes                 44 endianness marker 0x01020304
 *   48 sha256 of bytes [128, total): the deck's content hash and name (32 bytes)
 *   80 dictionary size of each of the 10 terms fields (TERM_FIELDS order)
 *   120 root digits k (0–6)        124 far node count
 *
 * Sections:
 * - the trie: one u32 word per node, the root first, each node's children one block in digit
 *   order, blocks placed depth-first (trie-builder.ts). Bits 0–9: which digits have a child;
 *   bit 10 `NODE_HAS_ROWS`; bit 11 `NODE_ONE_ROW` (the node's rows are exactly one window-less
 *   row, always in force); bit 12 `NODE_FAR`; bits 13–31: the distance from the node to its
 *   first child, or for a far node (distance 2^19 or more) its index in the far table, which
 *   holds its first child. Four bytes a node: a block of ten
 *   children is one cache line, and so is a 16-node chain of a sparse subtree, so a lookup of
 *   a cold number misses the cache far less often than with 12-byte records.
 * - the far table: the first child of each far node (in a multi-million-node trie, a handful of
 *   nodes near the root).
 * - the root table (k > 0): per k-digit string, the node it leads to and that node's word, or
 *   two zeros when the trie has no such path; and per k-digit string the deepest row on its path
 *   (depth ≤ k): 0 for none, node × 8 + depth for a one-row node's row, ROOT_BEST_WALK when a
 *   node with windowed rows decides (root-table.ts).
 * - row slots (terms id u32, window id u16): slot i belongs to node i; after the node slots come
 *   the rows of nodes with windowed rows. A one-row node's slot is its row; a node with windowed
 *   rows keeps in its slot where they are (terms = first row, window = row count), windowed rows
 *   first and its window-less row last, so a lookup takes the first row in force. Slots of
 *   nodes without rows are zero and never a lookup's answer.
 * - the terms table, dictionary-encoded per field: a deck has few distinct values per field
 *   (hundreds of prices, five increments), so each terms entry stores a 1-, 2- or 4-byte index
 *   per field, the width chosen by that field's dictionary size, and the dictionaries hold the
 *   values; the windows table and the string table.
 */

export const MAGIC = 'TGDECK\0\0';
export const FORMAT_VERSION = 2;
export const HEADER_BYTES = 128;
export const ENDIAN_MARKER = 0x01020304;
export const HASH_OFFSET = 48;
export const HASH_BYTES = 32;
export const DICTIONARY_SIZES_OFFSET = 80;
/** The largest root table a loader accepts: 10^6 entries of 8 bytes. */
export const ROOT_DIGITS_MAX = 6;
/** u32 words per root table entry: the depth-k node's id and word. */
export const ROOT_ENTRY_WORDS = 2;
/** A root-best entry saying "windowed rows above depth k: walk the first k digits". */
export const ROOT_BEST_WALK = 0xffffffff;
/** Root-best entries are node × 8 + depth: nodes below 2^29 (a 2 GB trie) keep them in a u32. */
export const ROOT_BEST_NODES_MAX = 2 ** 29 - 1;
/** Node-word bit set on nodes that carry rows: a lookup skips the row slots of the others. */
export const NODE_HAS_ROWS = 1 << 10;
/**
 * Set (with NODE_HAS_ROWS) when the node's rows are exactly one window-less row, in its own
 * slot: always in force, so a lookup records it without reading any row.
 */
export const NODE_ONE_ROW = 1 << 11;
export const CHILD_BITS = 0x3ff;
/** Set when the first child is too far for the word: the word holds its far table index. */
export const NODE_FAR = 1 << 12;
/** Node words keep the first child's distance (or far index) above the mask and flags. */
export const NODE_DISTANCE_SHIFT = 13;
export const NODE_DISTANCE_MAX = 2 ** 19 - 1;

export const HEADER_FIELDS = {
  formatVersion: 8,
  headerBytes: 12,
  nodeCount: 16,
  rowCount: 20,
  termsCount: 24,
  windowCount: 28,
  stringCount: 32,
  stringBytes: 36,
  totalBytes: 40,
  endianMarker: 44,
  rootDigits: 120,
  farCount: 124,
} as const;

/** The rate fields a terms entry holds; string fields' dictionaries hold string ids. */
export const TERM_FIELDS = [
  'connect',
  'perMinute',
  'included',
  'initial',
  'increment',
  'priority',
  'destination',
  'strip',
  'prepend',
  'forceTrunk',
] as const;
export type TermField = (typeof TERM_FIELDS)[number];
export const STRING_FIELDS: readonly TermField[] = [
  'destination',
  'strip',
  'prepend',
  'forceTrunk',
];

export interface SectionCounts {
  readonly nodeCount: number;
  readonly rowCount: number;
  readonly termsCount: number;
  readonly windowCount: number;
  readonly stringCount: number;
  readonly stringBytes: number;
  /** Per TERM_FIELDS entry: distinct values of that field. */
  readonly dictionarySizes: readonly number[];
  /** Key length of the root table (0: no table). */
  readonly rootDigits: number;
  /** Entries of the far table. */
  readonly farCount: number;
}

type ArrayKind = 'u8' | 'u16' | 'u32' | 'f64';
export type IndexArray = Uint8Array | Uint16Array | Uint32Array;

export interface DeckArrays {
  /** One word per node: child mask, flags, distance to the first child. */
  readonly nodes: Uint32Array;
  /** The first child of each NODE_FAR node, by the index in its word. */
  readonly farChild: Uint32Array;
  /** ROOT_ENTRY_WORDS per k-digit key: [node id, node word] of the node at depth k, or [0, 0]. */
  readonly rootTable: Uint32Array;
  /** Per k-digit key: the deepest row above depth k (see ROOT_BEST_WALK). */
  readonly rootBest: Uint32Array;
  readonly rowTerms: Uint32Array;
  readonly rowWindow: Uint16Array;
  /** Per TERM_FIELDS entry: each terms entry's index into that field's dictionary. */
  readonly termIndexes: readonly IndexArray[];
  /** Per TERM_FIELDS entry: the distinct values (string ids for string fields). */
  readonly dictionaries: readonly Float64Array[];
  readonly windowMask: Uint8Array;
  readonly windowFrom: Uint16Array;
  readonly windowTo: Uint16Array;
  readonly stringOffsets: Uint32Array;
  readonly stringData: Uint8Array;
}

export interface SectionPlace {
  readonly name: string;
  readonly kind: ArrayKind;
  readonly byteOffset: number;
  readonly length: number;
}

const ELEMENT_BYTES: Record<ArrayKind, number> = { u8: 1, u16: 2, u32: 4, f64: 8 };

/** The narrowest index width that can address `size` dictionary entries. */
export function indexKind(size: number): 'u8' | 'u16' | 'u32' {
  return size <= 0x100 ? 'u8' : size <= 0x10000 ? 'u16' : 'u32';
}

/** The first child of `node` (a node with children): by its distance, or the far table's entry. */
export function firstChildOf(arrays: Pick<DeckArrays, 'nodes' | 'farChild'>, node: number): number {
  const word = arrays.nodes[node] ?? 0;
  const next = word >>> NODE_DISTANCE_SHIFT;
  return (word & NODE_FAR) === 0 ? node + next : (arrays.farChild[next] ?? -1);
}

/** u32 words of a root table keyed by `rootDigits` digits (none for 0). */
export function rootTableLength(rootDigits: number): number {
  return rootDigits === 0 ? 0 : ROOT_ENTRY_WORDS * 10 ** rootDigits;
}

/** Sections in a fixed order, wider elements first so every section stays aligned. */
function sectionList(c: SectionCounts): { name: string; kind: ArrayKind; length: number }[] {
  const dictionaries = TERM_FIELDS.map((field, i) => ({
    name: `dict:${field}`,
    kind: 'f64' as const,
    length: c.dictionarySizes[i] ?? 0,
  }));
  const indexes = TERM_FIELDS.map((field, i) => ({
    name: `index:${field}`,
    kind: indexKind(c.dictionarySizes[i] ?? 0),
    length: c.termsCount,
  }));
  const byWidth = (kind: ArrayKind) => indexes.filter((section) => section.kind === kind);
  return [
    ...dictionaries,
    { name: 'nodes', kind: 'u32', length: c.nodeCount },
    { name: 'farChild', kind: 'u32', length: c.farCount },
    { name: 'rootTable', kind: 'u32', length: rootTableLength(c.rootDigits) },
    { name: 'rootBest', kind: 'u32', length: rootTableLength(c.rootDigits) / ROOT_ENTRY_WORDS },
    { name: 'rowTerms', kind: 'u32', length: c.rowCount },
    { name: 'stringOffsets', kind: 'u32', length: c.stringCount + 1 },
    ...byWidth('u32'),
    { name: 'rowWindow', kind: 'u16', length: c.rowCount },
    { name: 'windowFrom', kind: 'u16', length: c.windowCount },
    { name: 'windowTo', kind: 'u16', length: c.windowCount },
    ...byWidth('u16'),
    { name: 'windowMask', kind: 'u8', length: c.windowCount },
    ...byWidth('u8'),
    { name: 'stringData', kind: 'u8', length: c.stringBytes },
  ];
}

/** Where each section sits for these counts, and the total size of the file. */
export function planLayout(counts: SectionCounts): { places: SectionPlace[]; totalBytes: number } {
  let offset = HEADER_BYTES;
  const places: SectionPlace[] = [];
  for (const section of sectionList(counts)) {
    places.push({ ...section, byteOffset: offset });
    offset = alignTo8(offset + section.length * ELEMENT_BYTES[section.kind]);
  }
  return { places, totalBytes: offset };
}

/** Typed-array views of every section over `buffer` (no copy). */
export function viewSections(
  buffer: ArrayBuffer,
  baseOffset: number,
  places: readonly SectionPlace[],
): DeckArrays {
  const views = new Map<string, ArrayBufferView>();
  for (const place of places) {
    views.set(place.name, view(buffer, place.kind, baseOffset + place.byteOffset, place.length));
  }
  const get = <T extends ArrayBufferView>(name: string): T => {
    const found = views.get(name);
    if (found === undefined) throw new Error(`layout: no section ${name}`);
    return found as T;
  };
  return {
    nodes: get('nodes'),
    farChild: get('farChild'),
    rootTable: get('rootTable'),
    rootBest: get('rootBest'),
    rowTerms: get('rowTerms'),
    rowWindow: get('rowWindow'),
    termIndexes: TERM_FIELDS.map((field) => get<IndexArray>(`index:${field}`)),
    dictionaries: TERM_FIELDS.map((field) => get<Float64Array>(`dict:${field}`)),
    windowMask: get('windowMask'),
    windowFrom: get('windowFrom'),
    windowTo: get('windowTo'),
    stringOffsets: get('stringOffsets'),
    stringData: get('stringData'),
  };
}

function view(
  buffer: ArrayBuffer,
  kind: ArrayKind,
  byteOffset: number,
  length: number,
): ArrayBufferView {
  switch (kind) {
    case 'u8':
      return new Uint8Array(buffer, byteOffset, length);
    case 'u16':
      return new Uint16Array(buffer, byteOffset, length);
    case 'u32':
      return new Uint32Array(buffer, byteOffset, length);
    case 'f64':
      return new Float64Array(buffer, byteOffset, length);
  }
}

function alignTo8(offset: number): number {
  return (offset + 7) & ~7;
}
