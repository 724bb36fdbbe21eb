/**
 * Validates a deck from a stream of chunks: CSV records → validator → report (+ rates).
 */
import { readCsvRecords } from './csv-records';
import type { DeckFormat } from './formats';
import { DeckValidator, type ValidatedDeck } from './validator';

export async function readDeck(
  source: AsyncIterable<Uint8Array | string>,
  format: DeckFormat,
  options: { readonly keepRates: boolean },
): Promise<ValidatedDeck> {
  const validator = new DeckValidator(format, options);
  await readCsvRecords(source, validator);
  return validator.finish();
}
