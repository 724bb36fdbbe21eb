/**
 * A rate-deck import: the CSV streamed through the core validator, and — only when it has no
 * errors — compiled into the binary deck named by its content hash. Pure: the chunks come from
 * whatever store holds the upload, and progress is reported through a callback the caller
 * throttles and persists.
 */
import { compileDeck } from '../decks/compiled/compile';
import type { DeckFormat } from '../decks/formats';
import { readDeck } from '../decks/read-deck';
import type { DeckReport } from '../decks/report';

export const DECK_IMPORT_STATUSES = [
  'awaiting_upload',
  'queued',
  'running',
  'failed',
  'validated',
  'published',
] as const;
export type DeckImportStatus = (typeof DECK_IMPORT_STATUSES)[number];

/** Origination decks price an account's calls; termination decks are a trunk's costs. */
export const DECK_KINDS = ['origination', 'termination'] as const;
export type DeckKind = (typeof DECK_KINDS)[number];

export type DeckImportResult =
  | {
      readonly ok: true;
      readonly report: DeckReport;
      readonly bytes: Uint8Array;
      readonly hash: string;
    }
  | { readonly ok: false; readonly report: DeckReport };

export async function importDeck(
  chunks: AsyncIterable<Uint8Array | string>,
  format: DeckFormat,
  onBytes: (bytesRead: number) => Promise<void>,
): Promise<DeckImportResult> {
  const validated = await readDeck(counting(chunks, onBytes), format, { keepRates: true });
  const { report } = validated;
  if (report.errors.length > 0 || report.rows === 0) return { ok: false, report: nonEmpty(report) };
  const compiled = compileDeck(validated.rates);
  if (!compiled.ok) {
    // The validator refuses overlapping windows first; this is the compiler's own check.
    const error = {
      line: compiled.line,
      column: 'weekdays',
      code: 'window_overlap' as const,
      message: compiled.message,
    };
    return { ok: false, report: { ...report, errors: [error] } };
  }
  return { ok: true, report, bytes: compiled.bytes, hash: compiled.hash };
}

/** A deck with a header and no rows would publish a version that rates nothing. */
function nonEmpty(report: DeckReport): DeckReport {
  if (report.rows > 0 || report.errors.length > 0) return report;
  return {
    ...report,
    errors: [{ line: 2, column: '*', code: 'required', message: 'the deck has no rows' }],
  };
}

async function* counting(
  chunks: AsyncIterable<Uint8Array | string>,
  onBytes: (bytesRead: number) => Promise<void>,
): AsyncIterable<Uint8Array | string> {
  let bytesRead = 0;
  for await (const chunk of chunks) {
    bytesRead += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    await onBytes(bytesRead);
    yield chunk;
  }
}
