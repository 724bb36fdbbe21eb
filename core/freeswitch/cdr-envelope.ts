/**
 * Unwraps a CDR as FreeSWITCH posts or spools it, whatever the module's `encode` setting:
 *
 * | body                          | from                                                      |
 * |-------------------------------|-----------------------------------------------------------|
 * | `{…}` / `<…>`                 | json_cdr default, xml_cdr `textxml`, a saved document     |
 * | `cdr=` + URL-encoded document | `encode=true` (xml_cdr double-encodes: `%40` → `%2540`)    |
 * | `cdr=` + base64               | `encode=base64`                                           |
 * | `cdr=` + raw XML              | xml_cdr with `encode` unset (`…/x-www-form-plaintext`)    |
 * | URL-encoded or base64 alone   | an `err-log-dir` file written while `encode` was on        |
 */
import { hasPercentEscape, percentDecode } from './percent';
import { checkDocumentSize, fsFail, fsOk, type FsResult } from './result';

export type CdrSyntax = 'json' | 'xml';
export type CdrFormat = CdrSyntax | 'form' | 'auto';
export type CdrBodyEncoding = 'raw' | 'url_encoded' | 'base64';

export interface CdrEnvelope {
  readonly syntax: CdrSyntax;
  readonly text: string;
  readonly bodyEncoding: CdrBodyEncoding;
  readonly formField: boolean;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: false });

export function unwrapCdr(body: string, format: CdrFormat = 'auto'): FsResult<CdrEnvelope> {
  const sizeError = checkDocumentSize(body);
  if (sizeError !== null) return sizeError;
  const text = body.replace(/^\uFEFF/, '').trim();
  const formField = text.startsWith('cdr=');
  if (format === 'form' && !formField) {
    return fsFail('unknown_format', 'a form body must start with the field cdr=');
  }
  const payload = formField ? formPayload(text.slice(4)) : text;
  const envelope = decodePayload(payload, formField);
  if (!envelope.ok || format === 'auto' || format === 'form' || envelope.value.syntax === format) {
    return envelope;
  }
  return fsFail(
    format === 'json' ? 'invalid_json' : 'invalid_xml',
    `expected a ${format} CDR but the document is ${envelope.value.syntax}`,
  );
}

// Raw (plaintext) XML is not form-safe and may contain `&`; encoded payloads never do.
function formPayload(rest: string): string {
  if (rest.startsWith('<') || rest.startsWith('{')) return rest;
  const end = rest.indexOf('&');
  return end === -1 ? rest : rest.slice(0, end);
}

function decodePayload(payload: string, formField: boolean): FsResult<CdrEnvelope> {
  const raw = syntaxOf(payload);
  if (raw !== null) return fsOk({ syntax: raw, text: payload, bodyEncoding: 'raw', formField });
  if (hasPercentEscape(payload)) {
    const decoded = percentDecode(payload).trim();
    const syntax = syntaxOf(decoded);
    if (syntax !== null) {
      return fsOk({ syntax, text: decoded, bodyEncoding: 'url_encoded', formField });
    }
  }
  const compact = payload.replace(/\s+/g, '');
  if (BASE64.test(compact)) {
    const decoded = decodeBase64(compact);
    if (decoded === null) return fsFail('invalid_base64', 'the base64 payload does not decode');
    const syntax = syntaxOf(decoded.trim());
    if (syntax !== null) {
      return fsOk({ syntax, text: decoded.trim(), bodyEncoding: 'base64', formField });
    }
  }
  return fsFail(
    'unknown_format',
    'the document is neither JSON nor XML, raw, URL-encoded or base64',
  );
}

function syntaxOf(text: string): CdrSyntax | null {
  if (text.startsWith('{')) return 'json';
  if (text.startsWith('<')) return 'xml';
  return null;
}

function decodeBase64(text: string): string | null {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
