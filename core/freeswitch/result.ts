/**
 * The result every FreeSWITCH parser returns. Parsers are total: any input, however broken,
 * yields `{ ok: true, value }` or one of these sentence-named codes — never a throw.
 */

export type FsErrorCode =
  | 'empty_document'
  | 'document_too_large'
  | 'unknown_format'
  | 'invalid_json'
  | 'invalid_xml'
  | 'invalid_base64'
  | 'not_a_cdr'
  | 'not_an_xml_curl_request'
  | 'missing_field';

export interface FsError {
  readonly ok: false;
  readonly code: FsErrorCode;
  readonly message: string;
}

export type FsResult<T> = { readonly ok: true; readonly value: T } | FsError;

/**
 * Largest document a parser accepts, in UTF-16 code units. Real CDRs are 10–30 KB and
 * mod_xml_curl caps its own responses at 1 MiB; 4 Mi leaves room for CDRs with many variables
 * while bounding the work one request can cause.
 */
export const MAX_FS_DOCUMENT_CHARS = 4 * 1024 * 1024;

export function fsOk<T>(value: T): FsResult<T> {
  return { ok: true, value };
}

export function fsFail(code: FsErrorCode, message: string): FsError {
  return { ok: false, code, message };
}

/** Checks the shared preconditions: something to parse, and not too much of it. */
export function checkDocumentSize(text: string): FsError | null {
  if (text.trim().length === 0) return fsFail('empty_document', 'the document is empty');
  if (text.length > MAX_FS_DOCUMENT_CHARS) {
    return fsFail(
      'document_too_large',
      `the document has ${text.length} characters; the limit is ${MAX_FS_DOCUMENT_CHARS}`,
    );
  }
  return null;
}

export { clip } from '../text/clip';
