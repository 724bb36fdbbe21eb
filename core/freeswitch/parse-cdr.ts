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
