/**
 * Deck versions of one rate group: each compiled deck is in force from its effective-from
 * instant until the next version's (half-open: [from, next)). A call answered before the first
 * version has no rate. A version "effective since always" uses -Infinity.
 */
import type { CompiledDeck } from './compiled/deck';

export const SINCE_ALWAYS = Number.NEGATIVE_INFINITY;

export interface DeckVersion {
  readonly effectiveFromEpochMs: number;
  readonly deck: CompiledDeck;
}

export type VersionsResult =
  | { readonly ok: true; readonly versions: DeckVersions }
  | { readonly ok: false; readonly code: 'duplicate_effective_from'; readonly message: string };

export class DeckVersions {
  private readonly startsEpochMs: Float64Array;
  private readonly decks: readonly CompiledDeck[];
  private readonly byHash: ReadonlyMap<string, CompiledDeck>;

  private constructor(sorted: readonly DeckVersion[]) {
    this.startsEpochMs = Float64Array.from(sorted, (version) => version.effectiveFromEpochMs);
    this.decks = sorted.map((version) => version.deck);
    this.byHash = new Map(sorted.map((version) => [version.deck.hash, version.deck]));
  }

  /** Two versions effective from the same instant would make the answer ambiguous. */
  static of(versions: readonly DeckVersion[]): VersionsResult {
    const sorted = [...versions].sort((a, b) => a.effectiveFromEpochMs - b.effectiveFromEpochMs);
    for (let index = 1; index < sorted.length; index += 1) {
      const instant = sorted[index]?.effectiveFromEpochMs;
      if (instant === sorted[index - 1]?.effectiveFromEpochMs) {
        const when = instant === SINCE_ALWAYS ? 'always' : new Date(instant ?? 0).toISOString();
        const message = `two deck versions are effective from ${when}`;
        return { ok: false, code: 'duplicate_effective_from', message };
      }
    }
    return { ok: true, versions: new DeckVersions(sorted) };
  }

  /** The version in force at `epochMs`, or null before the first one. */
  at(epochMs: number): CompiledDeck | null {
    const later = this.firstStartAfter(epochMs);
    return later === 0 ? null : (this.decks[later - 1] ?? null);
  }

  /** The first instant after `epochMs` at which another version takes over (Infinity: none). */
  nextChangeAfter(epochMs: number): number {
    const later = this.firstStartAfter(epochMs);
    return later < this.startsEpochMs.length ? (this.startsEpochMs[later] as number) : Number.POSITIVE_INFINITY;
  }

  /** Index of the first version starting after `epochMs` (binary search; length when none). */
  private firstStartAfter(epochMs: number): number {
    const starts = this.startsEpochMs;
    let low = 0;
    let high = starts.length;
    // Invariant: every start below `low` is <= epochMs, every start from `high` on is > epochMs.
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((starts[middle] as number) <= epochMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** A version by its content hash (the cloud re-rating what the edge recorded). */
  byVersion(hash: string): CompiledDeck | null {
    return this.byHash.get(hash) ?? null;
  }

  get count(): number {
    return this.decks.length;
  }
}
