// Proves the kept trunk list follows deck versions exactly: the deck in force is the one a
// fresh lookup would pick, at the instant a version starts, before it, and when time goes back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompilableRate } from '../decks/compiled/compile';
import { deckFromRates } from '../decks/compiled/from-rates';
import { DeckVersions, SINCE_ALWAYS } from '../decks/versions';
import type { TrunkVersions } from '../routing/route-call';
import { TrunksInForce } from './trunks-in-force';

function deck(perMinuteMicros: number) {
  const rate: CompilableRate = {
    prefix: '44', destination: 'UK', connectMicros: 0, includedSeconds: 0, perMinuteMicros,
    initialIncrementSeconds: 1, incrementSeconds: 1, priority: 0, strip: '', prepend: '', forceTrunk: '', line: 2,
  };
  const built = deckFromRates([rate]);
  if (!built.ok) throw new Error(built.message);
  return built.deck;
}

function trunk(name: string, starts: readonly number[]): TrunkVersions {
  const built = DeckVersions.of(starts.map((effectiveFromEpochMs, i) => ({ effectiveFromEpochMs, deck: deck(1000 * (i + 1)) })));
  if (!built.ok) throw new Error(built.message);
  return { name, translation: [], gateways: [`${name}.example:5060`], versions: built.versions };
}

describe('TrunksInForce', () => {
  const trunks = [trunk('a', [SINCE_ALWAYS, 1_000]), trunk('b', [500, 2_000])];

  it('switches decks at the instant a version starts, not a millisecond before', () => {
    const kept = new TrunksInForce(trunks);
    const names = (at: number) => kept.at(at).map((t) => `${t.name}:${t.deck.hash.slice(0, 8)}`);
    const fresh = (at: number) => trunks.flatMap((t) => {
      const d = t.versions.at(at);
      return d === null ? [] : [`${t.name}:${d.hash.slice(0, 8)}`];
    });
    for (const at of [0, 499, 500, 999, 1_000, 1_999, 2_000, 10_000, 999, 0]) expect(names(at)).toEqual(fresh(at));
    expect(kept.at(0).map((t) => t.name)).toEqual(['a']);
  });

  it('agrees with a fresh lookup over any sequence of instants', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10, max: 2_500 }), { minLength: 1, maxLength: 40 }), (instants) => {
        const kept = new TrunksInForce(trunks);
        for (const at of instants) {
          const expected = trunks.flatMap((t) => (t.versions.at(at) === null ? [] : [t.versions.at(at)]));
          expect(kept.at(at).map((t) => t.deck)).toEqual(expected);
        }
      }),
    );
  });

  it('reuses the same list while no version changes', () => {
    const kept = new TrunksInForce(trunks);
    expect(kept.at(2_100)).toBe(kept.at(5_000_000));
    expect(trunks[0]!.versions.nextChangeAfter(2_100)).toBe(Number.POSITIVE_INFINITY);
    expect(trunks[1]!.versions.nextChangeAfter(1_999)).toBe(2_000);
  });
});
