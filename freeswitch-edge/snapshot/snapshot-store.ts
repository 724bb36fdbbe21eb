/**
 * The edge's snapshot on disk: each synced snapshot is written atomically (temp file, fsync,
 * rename, fsync of the directory) with a SHA-256 of its contents, so a restart with no cloud
 * authorizes from disk, and a torn or corrupted file is detected and the previous good snapshot
 * is used instead. The contents are opaque bytes here; the snapshot format is the edge's.
 *
 * File: `snapshot-<16-digit sequence>.bin` =
 *   8 bytes magic `TGSNAP01` | 32 bytes sha256(body) | u32le metadata bytes | metadata JSON | body
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../spool/segments';

const MAGIC = Buffer.from('TGSNAP01');
const NAME = /^snapshot-(\d{16})\.bin$/;
/** Good snapshots kept on disk: the newest and enough older ones to fall back to. */
export const SNAPSHOTS_KEPT = 3;

export interface SnapshotMetadata {
  /** The cloud's version of the snapshot (its ETag / since-version marker). */
  readonly version: string;
  readonly syncedAtEpochMs: number;
}

export interface StoredSnapshot {
  readonly metadata: SnapshotMetadata;
  readonly body: Buffer;
  readonly file: string;
}

export interface LoadResult {
  readonly snapshot: StoredSnapshot | null;
  /** Newer files that failed their checksum or could not be read, newest first. */
  readonly rejected: readonly { readonly file: string; readonly reason: string }[];
}

export async function writeSnapshot(directory: string, metadata: SnapshotMetadata, body: Buffer): Promise<string> {
  await mkdir(directory, { recursive: true });
  const sequences = await snapshotSequences(directory);
  const file = nameOf((sequences[0] ?? 0) + 1);
  const metadataBytes = Buffer.from(JSON.stringify(metadata));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(metadataBytes.length);
  const content = Buffer.concat([MAGIC, createHash('sha256').update(metadataBytes).update(body).digest(), length, metadataBytes, body]);
  await writeFileAtomically(directory, file, content);
  for (const old of sequences.slice(SNAPSHOTS_KEPT - 1)) await rm(join(directory, nameOf(old)), { force: true });
  return file;
}

/** The newest snapshot whose checksum holds; corrupt newer ones are reported, not deleted. */
export async function loadNewestSnapshot(directory: string): Promise<LoadResult> {
  const rejected: { file: string; reason: string }[] = [];
  let sequences: number[];
  try {
    sequences = await snapshotSequences(directory);
  } catch {
    return { snapshot: null, rejected };
  }
  for (const sequence of sequences) {
    const file = nameOf(sequence);
    const decoded = decode(await readFile(join(directory, file)).catch(() => null));
    if ('reason' in decoded) rejected.push({ file, reason: decoded.reason });
    else return { snapshot: { ...decoded, file }, rejected };
  }
  return { snapshot: null, rejected };
}

function decode(content: Buffer | null): { metadata: SnapshotMetadata; body: Buffer } | { reason: string } {
  if (content === null) return { reason: 'unreadable' };
  if (content.length < 44 || !content.subarray(0, 8).equals(MAGIC)) return { reason: 'not a snapshot file' };
  const metadataLength = content.readUInt32LE(40);
  if (44 + metadataLength > content.length) return { reason: 'truncated' };
  const metadataBytes = content.subarray(44, 44 + metadataLength);
  const body = content.subarray(44 + metadataLength);
  const digest = createHash('sha256').update(metadataBytes).update(body).digest();
  if (!digest.equals(content.subarray(8, 40))) return { reason: 'checksum mismatch' };
  try {
    return { metadata: JSON.parse(metadataBytes.toString('utf8')) as SnapshotMetadata, body };
  } catch {
    return { reason: 'unreadable metadata' };
  }
}

/** Sequences present, newest first. */
async function snapshotSequences(directory: string): Promise<number[]> {
  const names = await readdir(directory);
  return names
    .map((name) => NAME.exec(name)?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number)
    .sort((a, b) => b - a);
}

function nameOf(sequence: number): string {
  return `snapshot-${String(sequence).padStart(16, '0')}.bin`;
}
