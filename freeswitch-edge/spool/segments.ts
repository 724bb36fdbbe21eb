/**
 * Segment files: `<16-digit sequence>.seg` in the spool directory, appended in order. Plus the
 * small helpers that make a write durable (fsync the file, and the directory after a rename or
 * a new file, so the entry itself survives a power cut).
 */
import { open, readdir, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const SEGMENT_NAME = /^(\d{16})\.seg$/;

export function segmentFileName(sequence: number): string {
  return `${String(sequence).padStart(16, '0')}.seg`;
}

/** Sequences of the segments present, oldest first. */
export async function listSegments(directory: string): Promise<number[]> {
  const names = await readdir(directory);
  return names
    .map((name) => SEGMENT_NAME.exec(name)?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `path` atomically: write a temp file, fsync it, rename, fsync the directory. */
export async function writeFileAtomically(
  directory: string,
  name: string,
  data: string | Uint8Array,
): Promise<void> {
  const temporary = join(directory, `.${name}.tmp`);
  await writeFile(temporary, data, { flush: true });
  await rename(temporary, join(directory, name));
  await fsyncDirectory(directory);
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
