/**
 * A rate group's trunks with the termination deck each has in force, kept until one of those
 * decks is replaced by its next version: authorizing a call then reuses the same trunk list
 * instead of building one object per trunk per call. The clock is the caller's (pure).
 */
import type { Trunk } from '../routing/lcr';
import { trunksAt, type TrunkVersions } from '../routing/route-call';

export class TrunksInForce {
  private fromEpochMs = Number.POSITIVE_INFINITY;
  private untilEpochMs = Number.NEGATIVE_INFINITY;
  private trunks: readonly Trunk[] = [];

  constructor(private readonly versions: readonly TrunkVersions[]) {}

  /** The trunks whose termination deck is in force at `epochMs`, each with that deck. */
  at(epochMs: number): readonly Trunk[] {
    if (epochMs >= this.fromEpochMs && epochMs < this.untilEpochMs) return this.trunks;
    let until = Number.POSITIVE_INFINITY;
    for (const trunk of this.versions) until = Math.min(until, trunk.versions.nextChangeAfter(epochMs));
    this.trunks = trunksAt(this.versions, epochMs);
    this.fromEpochMs = epochMs;
    this.untilEpochMs = until;
    return this.trunks;
  }
}
