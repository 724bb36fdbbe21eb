/**
 * Start-up: rebuild the unsent index from the segments after the cursor. A torn tail in the
 * newest segment (a crash between write and fsync) is detected by length or checksum, cut off
 * and reported — never parsed as data. Damage inside an older segment cannot be repaired: the
 * rest of that segment is skipped and reported loudly.
 */
import { open, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { SpoolPosition } from './cursor';
import type { UnsentRecords } from './index-queue';
import { decodeRecords } from './record-codec';
import { readAt, segmentFileName } from './segments';

export interface RecoveryReport {
  readonly records: number;
  readonly tornTail: { readonly segment: number; readonly offset: number; readonly reason: string; readonly droppedBytes: number } | null;
  readonly damagedSegments: readonly { readonly segment: number; readonly offset: number; readonly reason: string }[];
}

export async function recoverSegments(
  directory: string,
  segments: readonly number[],
  cursor: SpoolPosition,
  unsent: UnsentRecords,
): Promise<RecoveryReport> {
  let records = 0;
  let tornTail: RecoveryReport['tornTail'] = null;
  const damagedSegments: { segment: number; offset: number; reason: string }[] = [];
  for (const segment of segments) {
    if (segment < cursor.segment) continue;
    const start = segment === cursor.segment ? cursor.offset : 0;
    const scanned = await scanSegment(directory, segment, start, unsent);
    records += scanned.records;
    if (scanned.torn === null) continue;
    const isNewest = segment === segments[segments.length - 1];
    if (isNewest) {
      await truncate(join(directory, segmentFileName(segment)), scanned.validEnd);
      tornTail = { segment, offset: scanned.validEnd, reason: scanned.torn, droppedBytes: scanned.fileBytes - scanned.validEnd };
    } else {
      damagedSegments.push({ segment, offset: scanned.validEnd, reason: scanned.torn });
    }
  }
  return { records, tornTail, damagedSegments };
}

async function scanSegment(directory: string, segment: number, start: number, unsent: UnsentRecords) {
  const path = join(directory, segmentFileName(segment));
  const fileBytes = (await stat(path)).size;
  const handle = await open(path, 'r');
  try {
    const buffer = await readAt(handle, start, Math.max(0, fileBytes - start));
    const { records, stop, consumed } = decodeRecords(buffer, start, true);
    for (const record of records) {
      unsent.push({ segment, offset: record.offset, end: record.end, appendedAtEpochMs: record.appendedAtEpochMs });
    }
    return {
      records: records.length,
      validEnd: start + consumed,
      fileBytes,
      torn: stop.kind === 'torn' ? stop.reason : null,
    };
  } finally {
    await handle.close();
  }
}
