/**
 * Writes the compiled deck's sections into one ArrayBuffer, then the header with the sha256 of
 * everything after it. The hash is the deck's name: equal content, equal name.
 */
import { createHash } from 'node:crypto';
import type { RateWindow } from '../windows';
import type { TermsColumns, WindowTable } from './tables';
import {
  DICTIONARY_SIZES_OFFSET,
  ENDIAN_MARKER,
  FORMAT_VERSION,
  HASH_OFFSET,
  HEADER_BYTES,
  HEADER_FIELDS,
  MAGIC,
  TERM_FIELDS,
  planLayout,
  viewSections,
  type DeckArrays,
  type SectionCounts,
} from './layout';

export interface DeckParts {
  /** Node words and the far table (layout.ts). */
  readonly nodes: Uint32Array;
  readonly farChild: Uint32Array;
  readonly rootDigits: number;
  readonly rootTable: Uint32Array;
  readonly rootBest: Uint32Array;
  readonly rowTerms: Uint32Array;
  readonly rowWindow: Uint16Array;
  readonly terms: TermsColumns;
  readonly windows: WindowTable;
}

export function writeDeckBinary(parts: DeckParts): { ok: true; bytes: Uint8Array; hash: string } {
  const strings = stringTable(parts.terms);
  const dictionaries: (readonly number[])[] = [
    ...parts.terms.numbers.map((dictionary) => dictionary.values),
    ...strings.fieldIds,
  ];
  const counts: SectionCounts = {
    nodeCount: parts.nodes.length,
    rowCount: parts.rowTerms.length,
    termsCount: parts.terms.count,
    windowCount: parts.windows.windows.length,
    stringCount: strings.encoded.length,
    stringBytes: strings.encoded.reduce((sum, bytes) => sum + bytes.length, 0),
    dictionarySizes: dictionaries.map((values) => values.length),
    rootDigits: parts.rootDigits,
    farCount: parts.farChild.length,
  };
  const { places, totalBytes } = planLayout(counts);
  if (totalBytes > 0xffffffff) throw new RangeError('compile: a deck binary is limited to 4 GiB');
  const bytes = new Uint8Array(totalBytes);
  const arrays = viewSections(bytes.buffer, 0, places);
  arrays.nodes.set(parts.nodes);
  arrays.farChild.set(parts.farChild);
  arrays.rootTable.set(parts.rootTable);
  arrays.rootBest.set(parts.rootBest);
  arrays.rowTerms.set(parts.rowTerms);
  arrays.rowWindow.set(parts.rowWindow);
  dictionaries.forEach((values, field) => arrays.dictionaries[field]?.set(values));
  arrays.termIndexes.forEach((indexes, field) => {
    indexes.set((parts.terms.indexes[field] as Uint32Array).subarray(0, parts.terms.count));
  });
  writeWindows(arrays, parts.windows.windows);
  writeStrings(arrays, strings.encoded);
  const hash = writeHeader(bytes, counts, totalBytes);
  return { ok: true, bytes, hash };
}

/** One string table for the four string fields; their dictionaries become string ids. */
function stringTable(terms: TermsColumns): { encoded: Buffer[]; fieldIds: number[][] } {
  const ids = new Map<string, number>([['', 0]]);
  const encoded: Buffer[] = [Buffer.alloc(0)];
  const fieldIds = terms.strings.map((dictionary) =>
    dictionary.values.map((text) => {
      let id = ids.get(text);
      if (id === undefined) {
        id = encoded.length;
        ids.set(text, id);
        encoded.push(Buffer.from(text, 'utf8'));
      }
      return id;
    }),
  );
  return { encoded, fieldIds };
}

function writeWindows(arrays: DeckArrays, windows: readonly RateWindow[]): void {
  windows.forEach((window, id) => {
    arrays.windowMask[id] = window.weekdayMask;
    arrays.windowFrom[id] = window.fromMinute;
    arrays.windowTo[id] = window.toMinute;
  });
}

function writeStrings(arrays: DeckArrays, encoded: readonly Buffer[]): void {
  let offset = 0;
  encoded.forEach((bytes, id) => {
    arrays.stringOffsets[id] = offset;
    arrays.stringData.set(bytes, offset);
    offset += bytes.length;
  });
  arrays.stringOffsets[encoded.length] = offset;
}

function writeHeader(bytes: Uint8Array, counts: SectionCounts, totalBytes: number): string {
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  for (let index = 0; index < MAGIC.length; index += 1) {
    header.setUint8(index, MAGIC.charCodeAt(index));
  }
  const fields: [number, number][] = [
    [HEADER_FIELDS.formatVersion, FORMAT_VERSION],
    [HEADER_FIELDS.headerBytes, HEADER_BYTES],
    [HEADER_FIELDS.nodeCount, counts.nodeCount],
    [HEADER_FIELDS.rowCount, counts.rowCount],
    [HEADER_FIELDS.termsCount, counts.termsCount],
    [HEADER_FIELDS.windowCount, counts.windowCount],
    [HEADER_FIELDS.stringCount, counts.stringCount],
    [HEADER_FIELDS.stringBytes, counts.stringBytes],
    [HEADER_FIELDS.totalBytes, totalBytes],
    [HEADER_FIELDS.endianMarker, ENDIAN_MARKER],
    [HEADER_FIELDS.rootDigits, counts.rootDigits],
    [HEADER_FIELDS.farCount, counts.farCount],
  ];
  for (const [offset, value] of fields) header.setUint32(offset, value, true);
  TERM_FIELDS.forEach((_, field) => {
    header.setUint32(DICTIONARY_SIZES_OFFSET + 4 * field, counts.dictionarySizes[field] ?? 0, true);
  });
  const digest = contentHash(bytes);
  bytes.set(digest, HASH_OFFSET);
  return Buffer.from(digest).toString('hex');
}

/** sha256 of everything after the header. */
export function contentHash(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes.subarray(HEADER_BYTES)).digest();
}
