/**
 * Cell rules shared by every deck format. Cells arrive trimmed. Each parser returns the value or
 * an issue code and a message a person understands.
 */
import { parseMoney } from '../money/micros';
import type { DeckIssueCode } from './report';
import { clip } from '../text/clip';

export type CellResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: DeckIssueCode; readonly message: string };

/** Seconds cells (included seconds, increments) are whole seconds up to one day. */
export const MAX_DECK_SECONDS = 86_400;
/** Dial codes are 1–20 digits (E.164 numbers have at most 15; tech prefixes add a few). */
export const MAX_CODE_DIGITS = 20;
export const MAX_PRIORITY = 1_000_000;
export const MAX_TEXT_LENGTH = 200;
export const MAX_DIGIT_AFFIX_LENGTH = 20;

const CODE = /^[0-9]+$/;
const WHOLE = /^[0-9]+$/;
const DIAL_STRING = /^[0-9+*#]*$/;
/**
 * Text a deck may not carry: NUL and other control characters (tab and line breaks stay: a quoted
 * destination may span lines), and U+FFFD, which is what bytes that are not UTF-8 decode to — a
 * Latin-1 export would otherwise be stored with its accents silently replaced.
 */
const UNREADABLE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;

export function parseCode(cell: string): CellResult<string> {
  if (!CODE.test(cell)) return fail('invalid_code', `"${clip(cell)}" is not a dial code: digits only`);
  if (cell.length > MAX_CODE_DIGITS) {
    return fail('invalid_code', `"${clip(cell)}" has ${cell.length} digits; at most ${MAX_CODE_DIGITS}`);
  }
  return { ok: true, value: cell };
}

/** Deck money: never negative, at most 6 decimals, never rounded. */
export function parseDeckMoney(cell: string): CellResult<number> {
  const parsed = parseMoney(cell, { allowNegative: false });
  return parsed.ok ? parsed : fail(parsed.code, parsed.message);
}

export function parseSeconds(cell: string): CellResult<number> {
  if (!WHOLE.test(cell)) {
    return fail('invalid_seconds', `"${clip(cell)}" is not a whole number of seconds`);
  }
  const value = Number(cell);
  if (value > MAX_DECK_SECONDS) {
    return fail('out_of_range', `${clip(cell)} seconds is more than ${MAX_DECK_SECONDS} (one day)`);
  }
  return { ok: true, value };
}

export function parsePriority(cell: string): CellResult<number> {
  if (!WHOLE.test(cell)) return fail('invalid_integer', `"${clip(cell)}" is not a whole number`);
  const value = Number(cell);
  if (value > MAX_PRIORITY) return fail('out_of_range', `${clip(cell)} is more than ${MAX_PRIORITY}`);
  return { ok: true, value };
}

/** Strip/prepend: digits and the dial characters + * #. */
export function parseDialAffix(cell: string): CellResult<string> {
  if (!DIAL_STRING.test(cell)) {
    return fail('invalid_value', `"${clip(cell)}" may hold only digits and + * #`);
  }
  if (cell.length > MAX_DIGIT_AFFIX_LENGTH) {
    return fail('out_of_range', `"${clip(cell)}" is longer than ${MAX_DIGIT_AFFIX_LENGTH} characters`);
  }
  return { ok: true, value: cell };
}

export function parseText(cell: string): CellResult<string> {
  const unreadable = UNREADABLE_TEXT.exec(cell);
  if (unreadable !== null) {
    const what = unreadable[0] === '\uFFFD' ? 'bytes that are not UTF-8 (save the deck as UTF-8)' : 'a control character';
    return fail('invalid_value', `text holds ${what} at character ${unreadable.index + 1}`);
  }
  if (cell.length > MAX_TEXT_LENGTH) {
    return fail('out_of_range', `text is longer than ${MAX_TEXT_LENGTH} characters`);
  }
  return { ok: true, value: cell };
}

export function fail(code: DeckIssueCode, message: string): { ok: false; code: DeckIssueCode; message: string } {
  return { ok: false, code, message };
}

