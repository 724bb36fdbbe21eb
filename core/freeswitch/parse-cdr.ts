/**
 * One call to turn whatever FreeSWITCH posted (or spooled to `err-log-dir`) into a normalized
 * CDR: unwrap the envelope, parse JSON or XML, normalize. Total: a result or a typed error.
 */
import { unwrapCdr, type CdrFormat } from './cdr-envelope';
import { jsonCdrToRaw, type EncodedValuesOption } from './json-cdr';
import type { NormalizedCdr } from './normalized-cdr';
import { normalizeCdr } from './normalize-cdr';
import type { RawCdr } from './raw-cdr';
import { fsFail, type FsResult } from './result';
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
 * A file may hold one document (pretty-printed or not), one document per line (a spool or
 * a log of POST bodies), or a JSON array of documents (an export). The whole text is tried first; when that fails and the text has several
 * lines, each non-empty line must parse on its own, and an error names its line.
 */
export function parseCdrs(text: string, options: ParseCdrOptions = {}): FsResult<NormalizedCdr[]> {
  if (text.trimStart().startsWith('[')) return parseJsonArray(text, options);
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

// An array of JSON CDRs: each element is re-serialized and parsed like a posted document, and
// an error names the element that failed.
function parseJsonArray(text: string, options: ParseCdrOptions): FsResult<NormalizedCdr[]> {
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch (error) {
    return fsFail('invalid_json', error instanceof Error ? error.message : 'invalid JSON');
  }
  if (!Array.isArray(items)) return fsFail('not_a_cdr', 'the JSON document is not an array of CDRs');
  const cdrs: NormalizedCdr[] = [];
  for (const [index, item] of items.entries()) {
    const result = parseCdr(reserialize(item), { ...options, format: 'json' });
    if (!result.ok) return { ...result, message: `element ${index}: ${result.message}` };
    cdrs.push(result.value);
  }
  return { ok: true, value: cdrs };
}

// JSON.stringify recurses: a pathologically deep element must become an error, not a throw.
function reserialize(item: unknown): string {
  try {
    return JSON.stringify(item) ?? '';
  } catch {
    return '';
  }
}
