/**
 * The acknowledged position: everything before it was accepted by the cloud. Written
 * atomically after each accepted batch, so a restart resumes from the last acknowledged record
 * (at worst re-sending one batch, which the cloud ignores by CDR uuid).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './segments';

export interface SpoolPosition {
  readonly segment: number;
  readonly offset: number;
}

const CURSOR_FILE = 'cursor.json';

export async function readCursor(directory: string): Promise<SpoolPosition | null> {
  let text: string;
  try {
    text = await readFile(join(directory, CURSOR_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<SpoolPosition>;
  if (!Number.isSafeInteger(parsed.segment) || !Number.isSafeInteger(parsed.offset)) {
    throw new Error(`spool: ${CURSOR_FILE} is not a position: ${text.slice(0, 80)}`);
  }
  return { segment: parsed.segment as number, offset: parsed.offset as number };
}

export async function writeCursor(directory: string, position: SpoolPosition): Promise<void> {
  await writeFileAtomically(directory, CURSOR_FILE, JSON.stringify(position));
}

export function comparePositions(a: SpoolPosition, b: SpoolPosition): number {
  return a.segment !== b.segment ? a.segment - b.segment : a.offset - b.offset;
}
