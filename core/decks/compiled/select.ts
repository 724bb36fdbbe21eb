/**
 * The rate a call is rated at, and what the edge records on it (the CDR contract): the deck
 * version (content hash), the matched prefix and the window ('' = the window-less row). The
 * cloud rates a CDR that carries these with exactly that row, so edge and cloud agree to the
 * micro; a CDR without them is rated by the version and window in force at its answer time.
 * A whole call is rated at one rate: the one selected at its answer instant.
 */
import type { RateTerms } from '../../rating/rate';
import { localClock } from '../local-clock';
import type { DeckVersions } from '../versions';
import type { CompiledDeck } from './deck';
import { LookupCursor, lookupRow, rowForSelection } from './lookup';

export interface RateSelection {
  /** The deck version's content hash. */
  readonly version: string;
  readonly prefix: string;
  /** Canonical window text (`mon-fri 08:00-18:00`), '' for a window-less row. */
  readonly window: string;
}

export type SelectResult =
  | {
      readonly ok: true;
      readonly selection: RateSelection;
      readonly terms: RateTerms;
      /** The deck and row, for details beyond the terms (`deck.rateOfRow(row, prefix)`). */
      readonly deck: CompiledDeck;
      readonly row: number;
    }
  | { readonly ok: false; readonly code: 'no_rate' | 'unknown_version'; readonly message: string };

// One cursor per module: lookups are synchronous, so it is never shared by two at once.
const cursor = new LookupCursor();
// Module constants, not the imported bindings: under tsx an imported name costs a getter call
// per use, and selectRate runs once per rated CDR.
const lookup = lookupRow;
const clockOf = localClock;

/** The version, prefix and window in force at `answeredAtEpochMs` in the group's `timeZone`. */
export function selectRate(
  versions: DeckVersions,
  digits: string,
  answeredAtEpochMs: number,
  timeZone: string,
): SelectResult {
  const deck = versions.at(answeredAtEpochMs);
  if (deck === null) return noRate(`no deck version is in force at ${isoOf(answeredAtEpochMs)}`);
  const minute = clockOf(timeZone).minuteOfWeek(answeredAtEpochMs);
  if (!lookup(deck, digits, minute, cursor)) return noRate(`no prefix of ${digits} has a rate`);
  return selected(deck, cursor.row, digits.slice(0, cursor.depth));
}

/** Exactly the row the edge recorded; `no_rate` if that version lacks it. */
export function selectRecorded(versions: DeckVersions, recorded: RateSelection): SelectResult {
  const deck = versions.byVersion(recorded.version);
  if (deck === null) {
    const message = `deck version ${recorded.version} is not loaded`;
    return { ok: false, code: 'unknown_version', message };
  }
  const row = rowForSelection(deck, recorded.prefix, recorded.window);
  if (row < 0) {
    return noRate(`version ${recorded.version} has no row ${recorded.prefix} ${recorded.window}`);
  }
  return selected(deck, row, recorded.prefix);
}

function selected(deck: CompiledDeck, row: number, prefix: string): SelectResult {
  return {
    ok: true,
    selection: { version: deck.hash, prefix, window: deck.windowTextOfRow(row) },
    terms: deck.termsOfRow(row),
    deck,
    row,
  };
}

function noRate(message: string): SelectResult {
  return { ok: false, code: 'no_rate', message };
}

function isoOf(epochMs: number): string {
  return Number.isFinite(epochMs) ? new Date(epochMs).toISOString() : String(epochMs);
}
