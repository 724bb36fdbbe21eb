/**
 * Compares two deck versions the way an operator checks a new deck before it applies: prefixes
 * (with their window) added, removed, and changed (any rating term, destination or routing
 * field differs). Lists are capped; the counts are exact.
 */
import type { DeckRate } from '../decks/deck-rate';
import { formatWindow } from '../decks/windows';

export interface DeckDifference {
  readonly counts: {
    readonly added: number;
    readonly removed: number;
    readonly changed: number;
    readonly unchanged: number;
  };
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly key: string; readonly fields: readonly string[] }[];
  readonly truncated: boolean;
}

/** Entries per list in an answer: enough to review, small enough for one API response. */
export const MAX_LISTED_DIFFERENCES = 1000;

const COMPARED = [
  'destination',
  'connectMicros',
  'includedSeconds',
  'perMinuteMicros',
  'initialIncrementSeconds',
  'incrementSeconds',
  'priority',
  'strip',
  'prepend',
  'forceTrunk',
] as const;

export function compareDecks(from: readonly DeckRate[], to: readonly DeckRate[]): DeckDifference {
  const before = new Map(from.map((rate) => [keyOf(rate), rate]));
  const added: string[] = [];
  const changed: { key: string; fields: string[] }[] = [];
  let addedCount = 0;
  let changedCount = 0;
  let unchanged = 0;
  for (const rate of to) {
    const key = keyOf(rate);
    const old = before.get(key);
    before.delete(key);
    if (!old) {
      addedCount += 1;
      if (added.length < MAX_LISTED_DIFFERENCES) added.push(key);
      continue;
    }
    const fields = COMPARED.filter((field) => old[field] !== rate[field]);
    if (fields.length === 0) unchanged += 1;
    else {
      changedCount += 1;
      if (changed.length < MAX_LISTED_DIFFERENCES) changed.push({ key, fields });
    }
  }
  const removed = [...before.keys()].slice(0, MAX_LISTED_DIFFERENCES);
  const counts = { added: addedCount, removed: before.size, changed: changedCount, unchanged };
  const truncated =
    addedCount > added.length || before.size > removed.length || changedCount > changed.length;
  return { counts, added, removed, changed, truncated };
}

/** A prefix, and its window when it has one: `4420` or `4420 mon-fri 08:00-18:00`. */
function keyOf(rate: DeckRate): string {
  return rate.window ? `${rate.prefix} ${formatWindow(rate.window)}` : rate.prefix;
}
