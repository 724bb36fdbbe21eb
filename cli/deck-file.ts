/**
 * Opens a deck file for the core validator: streamed in chunks (never one string), with a
 * percentage on stderr when it is a terminal.
 */
import { createReadStream, statSync } from 'node:fs';
import { DECK_FORMATS, DECK_FORMAT_NAMES, isDeckFormatName, type DeckFormat } from '../core/decks/formats';
import { readDeck } from '../core/decks/read-deck';
import type { ValidatedDeck } from '../core/decks/validator';
import { UsageError, type CliIo } from './io';

export function deckFormatOption(value: string | undefined): DeckFormat {
  if (value === undefined) throw new UsageError(`--format is required (${DECK_FORMAT_NAMES.join(', ')})`);
  if (!isDeckFormatName(value)) {
    throw new UsageError(`unknown --format "${value}" (${DECK_FORMAT_NAMES.join(', ')})`);
  }
  return DECK_FORMATS[value];
}

export async function validateDeckFile(
  path: string,
  format: DeckFormat,
  io: CliIo,
  options: { readonly keepRates: boolean },
): Promise<ValidatedDeck> {
  const sizeBytes = fileSize(path);
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  const chunks = io.stderrIsTty ? withProgress(source, sizeBytes, io) : source;
  return readDeck(chunks, format, options);
}

export function fileSize(path: string): number {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`${path} is not a file`);
    return stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

async function* withProgress(
  source: AsyncIterable<Buffer>,
  sizeBytes: number,
  io: CliIo,
): AsyncIterable<Buffer> {
  let readBytes = 0;
  let shownPercent = -1;
  for await (const chunk of source) {
    readBytes += chunk.length;
    const percent = sizeBytes === 0 ? 100 : Math.floor((readBytes * 100) / sizeBytes);
    if (percent !== shownPercent) {
      shownPercent = percent;
      io.stderr(`\rreading deck… ${percent}%`);
    }
    yield chunk;
  }
  io.stderr('\n');
}
