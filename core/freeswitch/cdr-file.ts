/**
 * A file of FreeSWITCH CDRs read document by document: one document (pretty-printed or not),
 * one document per line (a spool or a log of POST bodies), JSON documents one after another
 * (files concatenated), or a JSON array of documents (an export; an element may be a document
 * object or a document's text). Each document gets its own outcome, so one bad line or element
 * neither hides the good CDRs beside it nor is dropped: it is reported with where it is
 * (`line 3`, `element 2`) and, for JSON, the line and column.
 */
import { splitJsonDocuments } from './json-documents';
import type { NormalizedCdr } from './normalized-cdr';
import { parseCdr, type ParseCdrOptions } from './parse-cdr';
import { fsFail, type FsResult } from './result';
import { positionOf, type TextPosition } from './text-position';

export type CdrFileEntry = FsResult<NormalizedCdr> & {
  /** Where the document is in the file (`line 3`, `element 2`); null for a whole-file document. */
  readonly at: string | null;
  /** The document's text as the file holds it (an element: its JSON). */
  readonly raw: string;
};

export function readCdrFile(text: string, options: ParseCdrOptions = {}): CdrFileEntry[] {
  if (text.trimStart().startsWith('[')) return arrayEntries(text, options);
  const whole = parseCdr(text, options);
  if (whole.ok) return [{ ...whole, at: null, raw: text }];
  const pieces = isDocumentPerLine(text) ? linePieces(text) : jsonPieces(text);
  if (pieces.length < 2) {
    return [{ ...locateError(whole, wholeFile(text)), at: null, raw: text }];
  }
  return pieces.map((piece) => {
    const located = locateError(parseCdr(piece.text, options), piece);
    return { ...located, at: `line ${piece.line}`, raw: piece.text };
  });
}

/** A document's text and where it starts in the file (1-based line and column). */
interface Placed extends TextPosition {
  readonly text: string;
}

const wholeFile = (text: string): Placed => ({ text, line: 1, column: 1 });

function linePieces(text: string): Placed[] {
  return text
    .split('\n')
    .map((line, index) => ({ text: line, line: index + 1, column: 1 }))
    .filter((piece) => isFilled(piece.text));
}

// mod_xml_cdr writes its declaration on a line of its own above a one-line `<cdr>`: files of
// it concatenated are a document per line with declarations between, which carry nothing.
const XML_DECLARATION = /^<\?xml[^>]*\?>$/;

function isFilled(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && !XML_DECLARATION.test(trimmed);
}

// JSON documents one after another, pretty-printed (`cat` of err-log-dir files). Positions are
// counted in one pass: the file may hold thousands of documents.
function jsonPieces(text: string): Placed[] {
  if (!text.replace(/^\uFEFF/, '').trimStart().startsWith('{')) return [];
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  return splitJsonDocuments(text).map(({ text: piece, offset }) => {
    for (; counted < offset; counted += 1) {
      if (text.charCodeAt(counted) === 10) {
        line += 1;
        lineStart = counted + 1;
      }
    }
    return { text: piece, line, column: offset - lineStart + 1 };
  });
}

// Several documents one per line, told from one pretty-printed or truncated document: at least
// two lines, and most lines, begin a document (XML declarations alone on a line not counted).
function isDocumentPerLine(text: string): boolean {
  const filled = text.split('\n').filter(isFilled);
  const documents = filled.filter(startsLikeADocument).length;
  return documents >= 2 && documents * 2 > filled.length;
}

function startsLikeADocument(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.startsWith('{"') || trimmed.startsWith('cdr=')) return true;
  return trimmed.startsWith('<') && trimmed.includes('<cdr');
}

/**
 * Every CDR of a file, or the first document that fails (its message names where it is): for
 * callers that take a file whole, as one FreeSWITCH POST body.
 */
export function parseCdrs(text: string, options: ParseCdrOptions = {}): FsResult<NormalizedCdr[]> {
  const entries = readCdrFile(text, options);
  const failed = entries.find((entry) => !entry.ok);
  if (failed !== undefined && !failed.ok) {
    const message = failed.at === null ? failed.message : `${failed.at}: ${failed.message}`;
    return fsFail(failed.code, message);
  }
  return { ok: true, value: entries.flatMap((entry) => (entry.ok ? [entry.value] : [])) };
}

function arrayEntries(text: string, options: ParseCdrOptions): CdrFileEntry[] {
  let items: unknown;
  try {
    items = JSON.parse(text.trimStart());
  } catch (error) {
    const failed = fsFail('invalid_json', error instanceof Error ? error.message : 'invalid JSON');
    return [{ ...locateError(failed, wholeFile(text)), at: null, raw: text }];
  }
  if (!Array.isArray(items)) {
    return [{ ...fsFail('not_a_cdr', 'the JSON is not an array of CDRs'), at: null, raw: text }];
  }
  if (items.length === 0) {
    return [{ ...fsFail('empty_document', 'the JSON array holds no CDR'), at: null, raw: text }];
  }
  return items.map((item, index) => {
    const raw = typeof item === 'string' ? item : reserialize(item);
    return { ...elementResult(item, raw, options), at: `element ${index}`, raw };
  });
}

// An element is a CDR object, or a document's text (JSON, XML, a `cdr=` body, base64) as the
// import API's `documents` take it; anything else names its type instead of a decoder's error.
function elementResult(item: unknown, raw: string, options: ParseCdrOptions) {
  if (typeof item === 'string') return parseCdr(raw, options);
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    const kind = item === null ? 'null' : Array.isArray(item) ? 'an array' : `a ${typeof item}`;
    return fsFail('not_a_cdr', `${kind}, not a CDR object or document text`);
  }
  return parseCdr(raw, { ...options, format: 'json' });
}

// JSON.stringify recurses: a pathologically deep element must become an error, not a throw.
function reserialize(item: unknown): string {
  try {
    return JSON.stringify(item) ?? '';
  } catch {
    return '';
  }
}

/**
 * Parsers name a place in the document they read — JSON an offset, XML a line and column — and
 * the file's reader needs the place in the file: the document starts after the whitespace (and
 * BOM) the parser trimmed, at the piece's place. Only a raw document's places are the file's
 * (a decoded body's are not).
 */
const JSON_OFFSET = /(?:position|offset) (\d+)/;
const XML_PLACE = / \(line (\d+)(?:, column (\d+))?\)$/;

function locateError<T>(result: FsResult<T>, piece: Placed): FsResult<T> {
  if (result.ok) return result;
  const document = piece.text.trimStart();
  let place: TextPosition | undefined;
  let message = result.message;
  if (result.code === 'invalid_json' && /^[[{]/.test(document)) {
    const offset = JSON_OFFSET.exec(message)?.[1];
    place = offset === undefined ? undefined : positionOf(document, Number(offset));
  } else if (result.code === 'invalid_xml' && document.startsWith('<')) {
    const match = XML_PLACE.exec(message);
    place = match ? { line: Number(match[1]), column: Number(match[2] ?? 1) } : undefined;
    message = message.replace(XML_PLACE, '');
  }
  if (place === undefined) return result;
  const start = positionOf(piece.text, piece.text.length - document.length);
  const inFile = after(piece, after(start, place));
  return { ...result, message: `${message} (line ${inFile.line}, column ${inFile.column})` };
}

// A place counted from `origin` (1-based) as a place counted from where `origin` counts from.
function after(origin: TextPosition, place: TextPosition): TextPosition {
  const line = origin.line + place.line - 1;
  return { line, column: place.line === 1 ? origin.column + place.column - 1 : place.column };
}
