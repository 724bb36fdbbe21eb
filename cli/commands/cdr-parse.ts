/**
 * `tollgate cdr parse FILE [--format json|xml|form]`: prints the normalized CDR(s) a FreeSWITCH
 * CDR file holds, one JSON object per line. Auto-detects raw JSON/XML, `cdr=` bodies, and
 * URL-encoded or base64 `err-log-dir` files. Exit 0 when every document parsed; 1 when one did
 * not: its line is `{"error":{"code","message","at"?}}` in its place among the CDRs printed;
 * 2 for bad usage.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  MAX_FS_DOCUMENT_CHARS,
  readCdrFile,
  type CdrFileEntry,
  type CdrFormat,
} from '../../core/freeswitch/index';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../io';

const FORMATS: readonly CdrFormat[] = ['json', 'xml', 'form'];

export const cdrParseCommand: CliCommand = async (args, io) => {
  const { file, format } = parseCommandLine(args);
  const text = await readDocument(file, io);
  if (text === null) return EXIT_FAILED;
  const entries = readCdrFile(text, { format });
  io.stdout(entries.map((entry) => `${JSON.stringify(lineOf(entry))}\n`).join(''));
  return entries.every((entry) => entry.ok) ? EXIT_OK : EXIT_FAILED;
};

// Each document in file order: a CDR, or an error naming where the document is, so the good
// CDRs of a file with a bad line still come out (and the exit code says one did not).
function lineOf(entry: CdrFileEntry): unknown {
  if (entry.ok) return entry.value;
  const { code, message, at } = entry;
  return { error: at === null ? { code, message } : { code, message, at } };
}

function parseCommandLine(args: readonly string[]): { file: string; format: CdrFormat } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { format: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`cdr parse: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    throw new UsageError('usage: tollgate cdr parse FILE [--format json|xml|form]');
  }
  const format = parsed.values.format ?? 'auto';
  if (format !== 'auto' && !FORMATS.includes(format as CdrFormat)) {
    throw new UsageError(`cdr parse: --format must be json, xml or form, not "${format}"`);
  }
  return { file, format: format as CdrFormat };
}

// Reading is bounded: a file larger than the parser accepts is refused before it is read.
async function readDocument(file: string, io: CliIo): Promise<string | null> {
  try {
    const size = (await stat(file)).size;
    if (size > MAX_FS_DOCUMENT_CHARS * 4) {
      io.stdout(`${errorLine('document_too_large', `${file} has ${size} bytes`)}\n`);
      return null;
    }
    return decodeText(await readFile(file));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stdout(`${errorLine('file_not_readable', reason)}\n`);
    return null;
  }
}

// A CDR file saved on Windows may be UTF-16 with its byte order mark; read as UTF-8 it would be
// garbage (`unknown_format`) although every CDR in it is good.
function decodeText(bytes: Uint8Array): string {
  const [first, second] = bytes;
  const encoding =
    first === 0xff && second === 0xfe
      ? 'utf-16le'
      : first === 0xfe && second === 0xff
        ? 'utf-16be'
        : 'utf-8';
  return new TextDecoder(encoding).decode(bytes);
}

function errorLine(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}
