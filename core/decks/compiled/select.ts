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
import type { CompiledDeck, MutableRateTerms } from './deck';
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

/**
 * What `selectRate` finds, written into a caller-owned cursor instead of new objects: the
 * rating hot path (millions of CDRs) allocates nothing per call. The cursor holds the deck, the
 * row, the matched depth (the prefix is `digits.slice(0, depth)`) and the row's cost terms, so
 * it can be passed to the formula as the RateTerms.
 */
export class RateCursor extends LookupCursor implements MutableRateTerms {
  deck: CompiledDeck | null = null;
  connectMicros = 0;
  includedSeconds = 0;
  perMinuteMicros = 0;
  initialIncrementSeconds = 0;
  incrementSeconds = 0;
}

/** `selectRate` without allocating: false when no rate is in force (the cursor's row is -1). */
export function selectRateInto(
  versions: DeckVersions,
  digits: string,
  answeredAtEpochMs: number,
  timeZone: string,
  into: RateCursor,
): boolean {
  const deck = versions.at(answeredAtEpochMs);
  into.deck = deck;
  if (deck === null || !lookup(deck, digits, clockOf(timeZone).minuteOfWeek(answeredAtEpochMs), into)) {
    into.row = -1;
    return false;
  }
  deck.readTerms(into.row, into);
  return true;
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
