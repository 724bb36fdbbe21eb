// Proves deck versions are half-open in time (1 ms before/after a change), that a call before the
// first version has no rate, and that a recorded selection re-rates with exactly that row.
import { describe, expect, it } from 'vitest';
import { costOfCall } from '../rating/formula';
import { NO_MARKUP } from '../rating/rate';
import { compileDeck, type CompilableRate } from './compiled/compile';
import type { CompiledDeck } from './compiled/deck';
import { loadCompiledDeck } from './compiled/load';
import { selectRate, selectRecorded } from './compiled/select';
import { DeckVersions, SINCE_ALWAYS } from './versions';
import { parseWindow } from './windows';

function deckOf(rows: readonly Partial<CompilableRate>[]): CompiledDeck {
  const compiled = compileDeck(
    rows.map((row, index) => ({
      prefix: '44',
      destination: 'UK',
      connectMicros: 0,
      includedSeconds: 0,
      perMinuteMicros: 60_000,
      initialIncrementSeconds: 60,
      incrementSeconds: 60,
      priority: 0,
      strip: '',
      prepend: '',
      forceTrunk: '',
      line: index + 2,
      ...row,
    })),
  );
  if (!compiled.ok) throw new Error(compiled.message);
  const loaded = loadCompiledDeck(compiled.bytes);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.deck;
}

function versionsOf(...entries: [number, CompiledDeck][]): DeckVersions {
  const result = DeckVersions.of(entries.map(([effectiveFromEpochMs, deck]) => ({ effectiveFromEpochMs, deck })));
  if (!result.ok) throw new Error(result.message);
  return result.versions;
}

const CHANGE = Date.parse('2026-07-01T00:00:00Z');
const january = deckOf([{ perMinuteMicros: 60_000 }]);
const july = deckOf([{ perMinuteMicros: 120_000 }]);

describe('deck versions', () => {
  it('rates a call 1 ms before the change with the old version and at/after it with the new', () => {
    const versions = versionsOf([CHANGE, july], [Date.parse('2026-01-01T00:00:00Z'), january]);
    const before = selectRate(versions, '4420794600', CHANGE - 1, 'UTC');
    const at = selectRate(versions, '4420794600', CHANGE, 'UTC');
    const after = selectRate(versions, '4420794600', CHANGE + 1, 'UTC');
    if (!before.ok || !at.ok || !after.ok) throw new Error('no rate');
    expect(before.selection.version).toBe(january.hash);
    expect(at.selection.version).toBe(july.hash);
    expect(after.selection.version).toBe(july.hash);
    // 60 s at 0.06/min = 0.060000 before; at 0.12/min = 0.120000 after.
    expect(costOfCall(before.terms, NO_MARKUP, 60).costMicros).toBe(60_000);
    expect(costOfCall(after.terms, NO_MARKUP, 60).costMicros).toBe(120_000);
  });

  it('has no rate before the first version, and always-versions cover all time', () => {
    const versions = versionsOf([CHANGE, july]);
    expect(selectRate(versions, '44', CHANGE - 1, 'UTC')).toMatchObject({ ok: false, code: 'no_rate' });
    const always = versionsOf([SINCE_ALWAYS, january]);
    expect(selectRate(always, '44', -8.64e15, 'UTC')).toMatchObject({ ok: true });
  });

  it('refuses two versions effective from the same instant', () => {
    expect(DeckVersions.of([{ effectiveFromEpochMs: CHANGE, deck: january }, { effectiveFromEpochMs: CHANGE, deck: july }]))
      .toMatchObject({ ok: false, code: 'duplicate_effective_from' });
  });

  it('re-rates a recorded selection with exactly that version, prefix and window', () => {
    const weekend = parseWindow('sat,sun', '', '');
    if (!weekend.ok) throw new Error('window');
    const deck = deckOf([{ perMinuteMicros: 90_000 }, { perMinuteMicros: 30_000, window: weekend.window }]);
    const versions = versionsOf([SINCE_ALWAYS, deck]);
    // Saturday 2026-11-21 10:00 UTC: the weekend row; a recorded selection keeps it even if
    // the cloud rates on Monday.
    const saturday = selectRate(versions, '447700900000', Date.parse('2026-11-21T10:00:00Z'), 'UTC');
    if (!saturday.ok) throw new Error('no rate');
    expect(saturday.selection).toEqual({ version: deck.hash, prefix: '44', window: 'sat,sun 00:00-24:00' });
    const recorded = selectRecorded(versions, saturday.selection);
    expect(recorded.ok && recorded.terms.perMinuteMicros).toBe(30_000);
    expect(selectRecorded(versions, { ...saturday.selection, version: 'f'.repeat(64) })).toMatchObject({ code: 'unknown_version' });
  });
});
