/**
 * RFC 4180 records from a stream of chunks (csv-parse), each with the physical line it starts
 * on: quoted commas, CRLF/LF/CR, a BOM, quoted fields spanning lines (reported at the line the
 * record starts), spaces before a quoted field. The source is injected, so this stays free of
 * I/O; a 1M-row file is never held as one string.
 */
import { parse } from 'csv-parse';

export interface CsvSink {
  record(cells: readonly string[], line: number): void;
  /** A record the tokenizer could not read; parsing goes on where it can. */
  malformed(line: number, message: string): void;
}

interface RawRecord {
  readonly record: string[];
}

export async function readCsvRecords(
  source: AsyncIterable<Uint8Array | string>,
  sink: CsvSink,
): Promise<void> {
  let nextLine = 1;
  const parser = parse({
    bom: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    // Spaces before a quoted field (`1, "Uruguay, Eastern", 0.10`) are outside the quotes: without
    // this the quoted comma would split the field. Cells are trimmed anyway. Not `rtrim`: with it,
    // a character after a closing quote (`"x" y`) ends the whole parse, not just that record.
    ltrim: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    // With `raw: true` csv-parse hands over {record, raw}; the context carries raw as well.
    on_record: (value: unknown, context: object) => {
      const cells = Array.isArray(value) ? (value as string[]) : (value as RawRecord).record;
      sink.record(cells, nextLine);
      nextLine += lineBreaks((context as { raw?: string }).raw ?? '');
      return null;
    },
    on_skip: (error: Error | undefined, raw: string | undefined) => {
      sink.malformed(nextLine, describe(error));
      nextLine += lineBreaks(raw ?? '');
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  // A sink that throws (a caller refusing the file) fails the parser: `finished` rejects, and a
  // write waiting for 'drain' must see that instead of waiting for ever. Observed here too, so a
  // source that fails first does not leave it an unhandled rejection.
  finished.catch(() => undefined);
  parser.resume();
  for await (const chunk of source) {
    if (!parser.write(chunk)) await Promise.race([new Promise((resolve) => parser.once('drain', resolve)), finished]);
  }
  parser.end();
  await finished;
}

/**
 * Line breaks in a record's raw text: CRLF, LF and CR each count once. (csv-parse's own line
 * counter counts a CRLF inside a quoted field twice, so we count from the raw text.)
 */
export function lineBreaks(raw: string): number {
  let count = 0;
  for (let index = 0; index < raw.length; index += 1) {
    const code = raw.charCodeAt(index);
    if (code === 10) count += 1;
    else if (code === 13) {
      count += 1;
      if (raw.charCodeAt(index + 1) === 10) index += 1;
    }
  }
  return count;
}

function describe(error: Error | undefined): string {
  const message = error?.message ?? 'unreadable CSV record';
  return `unreadable CSV: ${message.replace(/^[^:]*: /, '')}`;
}
