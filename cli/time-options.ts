/**
 * Time flags shared by `tollgate rate` and `tollgate route`: `--answered-at ISO-8601` (with an
 * offset; default now) and `--timezone IANA` (the rate group's; default UTC), and the
 * `FILE@ISO-8601` form of a deck version's effective-from instant.
 */
import { isTimeZone } from '../core/decks/local-clock';
import { SINCE_ALWAYS } from '../core/decks/versions';
import { UsageError } from './io';

// Date and time with seconds and fraction optional, and a mandatory offset (Z or ±HH:MM).
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const DATE_START = /^\d{4}-\d{2}-\d{2}/;

export function answeredAtFromFlag(text: string | undefined, nowEpochMs: number): number {
  if (text === undefined) return nowEpochMs;
  return instantOf('--answered-at', text);
}

export function timeZoneFromFlag(text: string | undefined): string {
  if (text === undefined) return 'UTC';
  if (!isTimeZone(text)) {
    throw new UsageError(`--timezone "${text}" is not an IANA timezone like Europe/Berlin`);
  }
  return text;
}

/** `deck.csv@2026-07-01T00:00:00Z` → file and instant; `deck.csv` alone: since always. */
export function deckVersionFromFlag(text: string): { path: string; effectiveFromEpochMs: number } {
  const at = text.lastIndexOf('@');
  if (at < 0) return { path: text, effectiveFromEpochMs: SINCE_ALWAYS };
  const instant = text.slice(at + 1);
  // A file name may contain @; what follows @ is an instant only when it starts like a date.
  if (!DATE_START.test(instant)) return { path: text, effectiveFromEpochMs: SINCE_ALWAYS };
  return { path: text.slice(0, at), effectiveFromEpochMs: instantOf('--deck', instant) };
}

function instantOf(flag: string, text: string): number {
  const epochMs = ISO_WITH_OFFSET.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(epochMs)) {
    throw new UsageError(
      `${flag} "${text}" is not an ISO-8601 instant with an offset, like 2026-07-01T09:30:00+02:00`,
    );
  }
  return epochMs;
}
