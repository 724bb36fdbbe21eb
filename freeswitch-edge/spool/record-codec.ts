/**
 * The spool's on-disk record: a 16-byte header then the payload.
 *
 *   u32le payloadBytes | u32le crc32(appendedAt ‖ payload) | f64le appendedAtEpochMs | payload
 *
 * The checksum covers everything after itself, so a torn tail (a header or payload cut short by
 * a crash, or garbage from a half-written block) is detected and never parsed as data.
 */
import { crc32 } from 'node:zlib';

export const RECORD_HEADER_BYTES = 16;
/** A CDR document is a few KB; anything near this is a bug or an attack, not a CDR. */
export const MAX_RECORD_PAYLOAD_BYTES = 4 * 1024 * 1024;

export interface DecodedRecord {
  /** Offset of the record's first byte in its segment. */
  readonly offset: number;
  /** Offset just past the record: where the next one starts. */
  readonly end: number;
  readonly appendedAtEpochMs: number;
  readonly payload: Buffer;
}

export function encodeRecord(payload: Buffer, appendedAtEpochMs: number): Buffer {
  if (payload.length > MAX_RECORD_PAYLOAD_BYTES) throw new RangeError('spool: record too large');
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  record.writeUInt32LE(payload.length, 0);
  record.writeDoubleLE(appendedAtEpochMs, 8);
  payload.copy(record, RECORD_HEADER_BYTES);
  record.writeUInt32LE(crc32(record.subarray(8)), 4);
  return record;
}

export type DecodeStop =
  | { readonly kind: 'end' }
  | { readonly kind: 'torn'; readonly offset: number; readonly reason: string };

/**
 * Decodes the records of `buffer`, which starts at segment offset `base`. When `bufferEndsFile`
 * is false the buffer is a window and a record cut at its end is simply read next time; at the
 * end of the file an incomplete record is a torn tail. A checksum failure always stops.
 */
export function decodeRecords(
  buffer: Buffer,
  base: number,
  bufferEndsFile: boolean,
): { records: DecodedRecord[]; stop: DecodeStop; consumed: number } {
  const records: DecodedRecord[] = [];
  let at = 0;
  while (at < buffer.length) {
    const problem = recordProblem(buffer, at);
    if (problem === 'incomplete' && !bufferEndsFile) break;
    if (problem !== null) {
      return { records, stop: { kind: 'torn', offset: base + at, reason: problem }, consumed: at };
    }
    const size = buffer.readUInt32LE(at);
    const end = at + RECORD_HEADER_BYTES + size;
    records.push({
      offset: base + at,
      end: base + end,
      appendedAtEpochMs: buffer.readDoubleLE(at + 8),
      payload: buffer.subarray(at + RECORD_HEADER_BYTES, end),
    });
    at = end;
  }
  return { records, stop: { kind: 'end' }, consumed: at };
}

/** null when a whole, checksum-valid record starts at `at`. */
function recordProblem(buffer: Buffer, at: number): string | null {
  if (buffer.length - at < RECORD_HEADER_BYTES) return 'incomplete';
  const size = buffer.readUInt32LE(at);
  if (size > MAX_RECORD_PAYLOAD_BYTES) return 'impossible record length';
  const end = at + RECORD_HEADER_BYTES + size;
  if (end > buffer.length) return 'incomplete';
  if (crc32(buffer.subarray(at + 8, end)) !== buffer.readUInt32LE(at + 4)) return 'checksum mismatch';
  return null;
}
