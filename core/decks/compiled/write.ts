/**
 * Writes the compiled deck's sections into one ArrayBuffer, then the header with the sha256 of
 * everything after it. The hash is the deck's name: equal content, equal name.
 */
import { createHash } from 'node:crypto';
import type { DeckTables } from './tables';
import {
  ENDIAN_MARKER,
  FORMAT_VERSION,
  HASH_OFFSET,
  HEADER_BYTES,
  HEADER_FIELDS,
  MAGIC,
  planLayout,
  viewSections,
  type SectionCounts,
} from './layout';

export interface DeckParts {
  readonly childMask: Uint16Array;
  readonly firstChild: Uint32Array;
  readonly nodeRowStart: Uint32Array;
  readonly rowTerms: Uint32Array;
  readonly rowWindow: Uint16Array;
  readonly tables: DeckTables;
}

export function writeDeckBinary(parts: DeckParts): { ok: true; bytes: Uint8Array; hash: string } {
  const encoded = parts.tables.strings.map((text) => Buffer.from(text, 'utf8'));
  const counts: SectionCounts = {
    nodeCount: parts.childMask.length,
    rowCount: parts.rowTerms.length,
    termsCount: parts.tables.connect.length,
    windowCount: parts.tables.windows.length,
    stringCount: encoded.length,
    stringBytes: encoded.reduce((sum, bytes) => sum + bytes.length, 0),
  };
  const { places, totalBytes } = planLayout(counts);
  if (totalBytes > 0xffffffff) throw new RangeError('compile: a deck binary is limited to 4 GiB');
  const buffer = new ArrayBuffer(totalBytes);
  const arrays = viewSections(buffer, 0, places);
  arrays.nodeChildMask.set(parts.childMask);
  arrays.nodeFirstChild.set(parts.firstChild);
  arrays.nodeRowStart.set(parts.nodeRowStart);
  arrays.rowTerms.set(parts.rowTerms);
  arrays.rowWindow.set(parts.rowWindow);
  writeTerms(arrays, parts.tables);
  parts.tables.windows.forEach((window, id) => {
    arrays.windowMask[id] = window.weekdayMask;
    arrays.windowFrom[id] = window.fromMinute;
    arrays.windowTo[id] = window.toMinute;
  });
  let offset = 0;
  encoded.forEach((bytes, id) => {
    arrays.stringOffsets[id] = offset;
    arrays.stringData.set(bytes, offset);
    offset += bytes.length;
  });
  arrays.stringOffsets[encoded.length] = offset;
  const bytes = new Uint8Array(buffer);
  const hash = writeHeader(bytes, counts, totalBytes);
  return { ok: true, bytes, hash };
}

function writeTerms(arrays: ReturnType<typeof viewSections>, tables: DeckTables): void {
  arrays.termsConnect.set(tables.connect);
  arrays.termsPerMinute.set(tables.perMinute);
  arrays.termsIncluded.set(tables.included);
  arrays.termsInitial.set(tables.initial);
  arrays.termsIncrement.set(tables.increment);
  arrays.termsPriority.set(tables.priority);
  arrays.termsDestination.set(tables.destination);
  arrays.termsStrip.set(tables.strip);
  arrays.termsPrepend.set(tables.prepend);
  arrays.termsForceTrunk.set(tables.forceTrunk);
}

function writeHeader(bytes: Uint8Array, counts: SectionCounts, totalBytes: number): string {
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  for (let index = 0; index < MAGIC.length; index += 1) header.setUint8(index, MAGIC.charCodeAt(index));
  header.setUint32(HEADER_FIELDS.formatVersion, FORMAT_VERSION, true);
  header.setUint32(HEADER_FIELDS.headerBytes, HEADER_BYTES, true);
  header.setUint32(HEADER_FIELDS.nodeCount, counts.nodeCount, true);
  header.setUint32(HEADER_FIELDS.rowCount, counts.rowCount, true);
  header.setUint32(HEADER_FIELDS.termsCount, counts.termsCount, true);
  header.setUint32(HEADER_FIELDS.windowCount, counts.windowCount, true);
  header.setUint32(HEADER_FIELDS.stringCount, counts.stringCount, true);
  header.setUint32(HEADER_FIELDS.stringBytes, counts.stringBytes, true);
  header.setUint32(HEADER_FIELDS.totalBytes, totalBytes, true);
  header.setUint32(HEADER_FIELDS.endianMarker, ENDIAN_MARKER, true);
  const digest = contentHash(bytes);
  bytes.set(digest, HASH_OFFSET);
  return Buffer.from(digest).toString('hex');
}

/** sha256 of everything after the header. */
export function contentHash(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes.subarray(HEADER_BYTES)).digest();
}
