/**
 * What a caller of the rating functions types: a dialled number, a duration, an amount. Parsed
 * here once so the CLI, the API simulator and the edge agree on the grammar and the codes.
 */
import { parseMoney } from '../money/micros';
import { clip } from '../text/clip';

export type CallInputCode = 'invalid_number' | 'invalid_seconds' | 'invalid_amount';

export type CallInput<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: CallInputCode; readonly message: string };

/** A week: the longest duration the rating functions accept as input. */
export const MAX_QUERY_SECONDS = 604_800;
export const MAX_NUMBER_DIGITS = 20;

const NUMBER = /^\+?[0-9]{1,20}$/;
const WHOLE = /^[0-9]+$/;

/** `+4930123` → `4930123`: a leading `+` is dropped, 1–20 digits remain. */
export function parseDialledNumber(text: string): CallInput<string> {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) {
    return {
      ok: false,
      code: 'invalid_number',
      message: `"${clip(trimmed)}" is not a number: 1–${MAX_NUMBER_DIGITS} digits, optionally after +`,
    };
  }
  return { ok: true, value: trimmed.startsWith('+') ? trimmed.slice(1) : trimmed };
}

export function parseQuerySeconds(text: string): CallInput<number> {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed) || Number(trimmed) > MAX_QUERY_SECONDS) {
    return {
      ok: false,
      code: 'invalid_seconds',
      message: `"${clip(trimmed)}" is not a whole number of seconds from 0 to ${MAX_QUERY_SECONDS}`,
    };
  }
  return { ok: true, value: Number(trimmed) };
}

/** Available funds may be negative (an overdrawn account). */
export function parseAvailableAmount(text: string): CallInput<number> {
  const parsed = parseMoney(text, { allowNegative: true });
  if (parsed.ok) return parsed;
  return { ok: false, code: 'invalid_amount', message: parsed.message };
}

