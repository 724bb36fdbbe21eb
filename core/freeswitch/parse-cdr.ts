/**
 * One call to turn whatever FreeSWITCH posted (or spooled to `err-log-dir`) into a normalized
 * CDR: unwrap the envelope, parse JSON or XML, normalize. Total: a result or a typed error.
 */
import { unwrapCdr, type CdrFormat } from './cdr-envelope';
import { jsonCdrToRaw, type EncodedValuesOption } from './json-cdr';
import type { NormalizedCdr } from './normalized-cdr';
import { normalizeCdr } from './normalize-cdr';
import type { RawCdr } from './raw-cdr';
import type { FsResult } from './result';
import { xmlCdrToRaw } from './xml-cdr';

export interface ParseCdrOptions {
  /** `json`, `xml`, `form` (a `cdr=` body) or `auto` (the default) to detect it. */
  readonly format?: CdrFormat;
  /** mod_json_cdr `encode-values`: detected by default. */
  readonly encodedValues?: EncodedValuesOption;
}

export function parseCdr(body: string, options: ParseCdrOptions = {}): FsResult<NormalizedCdr> {
  const raw = parseRawCdr(body, options);
  return raw.ok ? normalizeCdr(raw.value) : raw;
}

/** The format-neutral intermediate, for callers that need variables the CDR does not keep. */
export function parseRawCdr(body: string, options: ParseCdrOptions = {}): FsResult<RawCdr> {
  const envelope = unwrapCdr(body, options.format ?? 'auto');
  if (!envelope.ok) return envelope;
  const { syntax, text } = envelope.value;
  if (syntax === 'xml') return xmlCdrToRaw(text);
  return jsonCdrToRaw(text, options.encodedValues ?? 'auto');
}

/**
 * A file may hold one document (pretty-printed or not) or one document per line (a spool or
 * a log of POST bodies). The whole text is tried first; when that fails and the text has several
 * lines, each non-empty line must parse on its own, and an error names its line.
 */
export function parseCdrs(text: string, options: ParseCdrOptions = {}): FsResult<NormalizedCdr[]> {
  const whole = parseCdr(text, options);
  if (whole.ok) return { ok: true, value: [whole.value] };
  const lines = text.split('\n');
  const filled = lines.filter((line) => line.trim() !== '');
  if (filled.length < 2 || !filled.every(startsLikeADocument)) return whole;
  const cdrs: NormalizedCdr[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const result = parseCdr(line, options);
    if (!result.ok) return { ...result, message: `line ${index + 1}: ${result.message}` };
    cdrs.push(result.value);
  }
  return { ok: true, value: cdrs };
}

const DOCUMENT_STARTS = ['{"', '<?xml', '<cdr', 'cdr='];

function startsLikeADocument(line: string): boolean {
  const trimmed = line.trimStart();
  return DOCUMENT_STARTS.some((start) => trimmed.startsWith(start));
}
