/**
 * The compiled deck's binary layout, version 1. One little-endian buffer: a 128-byte header,
 * then typed-array sections, each starting on an 8-byte boundary so that a loader can view them
 * in place (no parsing, no copying).
 *
 * Header (byte offset: field):
 *   0  magic "TGDECK\0\0"          8  format version (u32)       12 header bytes (u32)
 *   16 node count                  20 row count                  24 terms count
 *   28 window count (incl. slot 0) 32 string count               36 string bytes
 *   40 total bytes                 44 endianness marker 0x01020304
 *   48 sha256 of bytes [128, total): the deck's content hash and name
 *
 * Sections, in this order (see SECTIONS): the trie (per node: child mask, first child, first
 * row), the rows (per row: terms id, window id), the terms table (deduplicated rate terms with
 * their destination/strip/prepend/force-trunk string ids), the windows table and the string table.
 */

export const MAGIC = 'TGDECK\0\0';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 128;
export const ENDIAN_MARKER = 0x01020304;
export const HASH_OFFSET = 48;
export const HASH_BYTES = 32;

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
} as const;

export interface SectionCounts {
  readonly nodeCount: number;
  readonly rowCount: number;
  readonly termsCount: number;
  readonly windowCount: number;
  readonly stringCount: number;
  readonly stringBytes: number;
}

type ArrayKind = 'u8' | 'u16' | 'u32' | 'i32' | 'f64';

interface SectionSpec {
  readonly name: SectionName;
  readonly kind: ArrayKind;
  readonly length: (counts: SectionCounts) => number;
}

export type SectionName =
  | 'nodeRowStart'
  | 'nodeFirstChild'
  | 'nodeChildMask'
  | 'rowTerms'
  | 'rowWindow'
  | 'termsConnect'
  | 'termsPerMinute'
  | 'termsIncluded'
  | 'termsInitial'
  | 'termsIncrement'
  | 'termsPriority'
  | 'termsDestination'
  | 'termsStrip'
  | 'termsPrepend'
  | 'termsForceTrunk'
  | 'windowMask'
  | 'windowFrom'
  | 'windowTo'
  | 'stringOffsets'
  | 'stringData';

const nodes = (c: SectionCounts): number => c.nodeCount;
const rows = (c: SectionCounts): number => c.rowCount;
const terms = (c: SectionCounts): number => c.termsCount;
const windows = (c: SectionCounts): number => c.windowCount;

/** Wider arrays first so that every section stays aligned to its element size. */
export const SECTIONS: readonly SectionSpec[] = [
  { name: 'termsConnect', kind: 'f64', length: terms },
  { name: 'termsPerMinute', kind: 'f64', length: terms },
  // Rows of node i are [nodeRowStart[i], nodeRowStart[i + 1]): one extra entry at the end.
  { name: 'nodeRowStart', kind: 'u32', length: (c) => c.nodeCount + 1 },
  { name: 'nodeFirstChild', kind: 'u32', length: nodes },
  { name: 'rowTerms', kind: 'u32', length: rows },
  { name: 'termsIncluded', kind: 'u32', length: terms },
  { name: 'termsInitial', kind: 'u32', length: terms },
  { name: 'termsIncrement', kind: 'u32', length: terms },
  { name: 'termsPriority', kind: 'i32', length: terms },
  { name: 'termsDestination', kind: 'u32', length: terms },
  { name: 'termsStrip', kind: 'u32', length: terms },
  { name: 'termsPrepend', kind: 'u32', length: terms },
  { name: 'termsForceTrunk', kind: 'u32', length: terms },
  { name: 'stringOffsets', kind: 'u32', length: (c) => c.stringCount + 1 },
  { name: 'nodeChildMask', kind: 'u16', length: nodes },
  { name: 'rowWindow', kind: 'u16', length: rows },
  { name: 'windowFrom', kind: 'u16', length: windows },
  { name: 'windowTo', kind: 'u16', length: windows },
  { name: 'windowMask', kind: 'u8', length: windows },
  { name: 'stringData', kind: 'u8', length: (c) => c.stringBytes },
];

const ELEMENT_BYTES: Record<ArrayKind, number> = { u8: 1, u16: 2, u32: 4, i32: 4, f64: 8 };

export interface SectionPlace {
  readonly name: SectionName;
  readonly kind: ArrayKind;
  readonly byteOffset: number;
  readonly length: number;
}

/** Where each section sits for these counts, and the total size of the file. */
export function planLayout(counts: SectionCounts): { places: SectionPlace[]; totalBytes: number } {
  let offset = HEADER_BYTES;
  const places: SectionPlace[] = [];
  for (const spec of SECTIONS) {
    const length = spec.length(counts);
    places.push({ name: spec.name, kind: spec.kind, byteOffset: offset, length });
    offset = alignTo8(offset + length * ELEMENT_BYTES[spec.kind]);
  }
  return { places, totalBytes: offset };
}

export type DeckArrays = {
  readonly [K in SectionName]: K extends 'termsConnect' | 'termsPerMinute'
    ? Float64Array
    : K extends 'termsPriority'
      ? Int32Array
      : K extends 'nodeChildMask' | 'rowWindow' | 'windowFrom' | 'windowTo'
        ? Uint16Array
        : K extends 'windowMask' | 'stringData'
          ? Uint8Array
          : Uint32Array;
};

/** Typed-array views of every section over `buffer` (no copy). */
export function viewSections(buffer: ArrayBuffer, baseOffset: number, places: readonly SectionPlace[]): DeckArrays {
  const arrays: Record<string, ArrayBufferView> = {};
  for (const place of places) {
    const at = baseOffset + place.byteOffset;
    arrays[place.name] = view(buffer, place.kind, at, place.length);
  }
  return arrays as unknown as DeckArrays;
}

function view(buffer: ArrayBuffer, kind: ArrayKind, byteOffset: number, length: number): ArrayBufferView {
  switch (kind) {
    case 'u8':
      return new Uint8Array(buffer, byteOffset, length);
    case 'u16':
      return new Uint16Array(buffer, byteOffset, length);
    case 'u32':
      return new Uint32Array(buffer, byteOffset, length);
    case 'i32':
      return new Int32Array(buffer, byteOffset, length);
    case 'f64':
      return new Float64Array(buffer, byteOffset, length);
  }
}

function alignTo8(offset: number): number {
  return (offset + 7) & ~7;
}
