// Proves the allocation-free rating path (selectRateInto + the cursor's terms + costMicrosOfCall)
// equals a naive longest-prefix match and the object-returning selectRate, over random decks
// (every cost field random), instants and numbers; and that it allocates no objects per CDR.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costMicrosOfCall, costOfCall } from '../../rating/formula';
import { NO_MARKUP, type RateGroupPricing } from '../../rating/rate';
import { localClock } from '../local-clock';
import { DeckVersions } from '../versions';
import { isInForce, parseWindow, type RateWindow } from '../windows';
import { compileDeck, type CompilableRate } from './compile';
import { loadCompiledDeck } from './load';
import { RateCursor, selectRate, selectRateInto } from './select';

const TZ = 'Europe/Berlin';

function win(days: string, from: string, to: string): RateWindow {
  const parsed = parseWindow(days, from, to);
  if (!parsed.ok || parsed.window === null) throw new Error('bad window');
  return parsed.window;
}

function versionsOf(rows: readonly CompilableRate[]): DeckVersions {
  const compiled = compileDeck(rows);
  if (!compiled.ok) throw new Error(compiled.message);
  const loaded = loadCompiledDeck(compiled.bytes);
  if (!loaded.ok) throw new Error(loaded.message);
  const versions = DeckVersions.of([{ effectiveFromEpochMs: 0, deck: loaded.deck }]);
  if (!versions.ok) throw new Error(versions.message);
  return versions.versions;
}

/** Longest prefix with a row in force (one row per prefix here: no duplicate rule involved). */
function naive(rows: readonly CompilableRate[], number: string, minute: number): CompilableRate | undefined {
  for (let length = number.length; length > 0; length -= 1) {
    const found = rows.find((r) => r.prefix === number.slice(0, length) && (!r.window || isInForce(r.window, minute)));
    if (found !== undefined) return found;
  }
  return undefined;
}

const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: max });
const terms = fc.record({
  connectMicros: fc.integer({ min: 0, max: 90_000 }),
  includedSeconds: fc.constantFrom(0, 0, 30),
  perMinuteMicros: fc.integer({ min: 0, max: 900_000 }),
  initialIncrementSeconds: fc.constantFrom(0, 1, 6, 30, 60),
  incrementSeconds: fc.constantFrom(0, 1, 6, 60),
});
const pricing: fc.Arbitrary<RateGroupPricing> = fc.record({
  markupUnits: fc.integer({ min: 0, max: 500_000 }),
  defaultInitialIncrementSeconds: fc.constantFrom(0, 6, 60),
  defaultIncrementSeconds: fc.constantFrom(0, 1, 6),
});

describe('selectRateInto', () => {
  it('equals the naive match and selectRate, and prices like costOfCall', () => {
    const windows = [null, null, win('mon-fri', '08:00', '18:00')];
    const row = fc.record({ prefix: digits(5), terms, window: fc.constantFrom(...windows) });
    const cursor = new RateCursor();
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { selector: (r) => r.prefix, maxLength: 30 }),
        fc.array(digits(8), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.integer({ min: 0, max: 7_200 }),
        pricing,
        (rows, numbers, at, seconds, group) => {
          const deckRows = rows.map((r, i): CompilableRate => ({
            prefix: r.prefix, destination: `d${i}`, ...r.terms, priority: 0, strip: '', prepend: '',
            forceTrunk: '', window: r.window, line: i + 2,
          }));
          const versions = versionsOf(deckRows);
          const minute = localClock(TZ).minuteOfWeek(at);
          for (const number of numbers) {
            const expected = naive(deckRows, number, minute);
            const found = selectRateInto(versions, number, at, TZ, cursor);
            const object = selectRate(versions, number, at, TZ);
            expect(found).toBe(expected !== undefined);
            expect(object.ok).toBe(found);
            if (expected === undefined || !object.ok) continue;
            expect(number.slice(0, cursor.depth)).toBe(expected.prefix);
            expect(cursor.row).toBe(object.row);
            const { connectMicros, includedSeconds, perMinuteMicros, initialIncrementSeconds, incrementSeconds } = cursor;
            const read = { connectMicros, includedSeconds, perMinuteMicros, initialIncrementSeconds, incrementSeconds };
            expect(read).toEqual({ ...object.terms });
            const { prefix: _p, destination: _d, priority: _r, strip: _s, prepend: _a, forceTrunk: _f, window: _w, line: _l, ...own } = expected;
            expect(read).toEqual(own);
            expect(costMicrosOfCall(cursor, group, seconds)).toBe(costOfCall(object.terms, group, seconds).costMicros);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('allocates no result objects per rated CDR (heap delta over 20,000, fewer than fill the young heap)', () => {
    const rows = Array.from({ length: 2000 }, (_, i): CompilableRate => ({
      prefix: String(100 + i), destination: `d${i % 40}`, connectMicros: (i % 7) * 1000, includedSeconds: 0,
      perMinuteMicros: 1000 + (i % 300) * 1000, initialIncrementSeconds: 6, incrementSeconds: 6, priority: 0,
      strip: '', prepend: '', forceTrunk: '', window: i % 5 === 0 ? win('mon-fri', '08:00', '18:00') : null, line: i + 2,
    }));
    const versions = versionsOf(rows);
    const numbers = rows.map((r) => `${r.prefix}5551234`);
    const at = Date.UTC(2026, 10, 23, 10);
    const cursor = new RateCursor();
    let total = 0;
    const run = (): void => {
      // A local sum: a closure variable past the small-integer range would box on every add.
      let sum = 0;
      for (let i = 0; i < 20_000; i += 1) {
        const when = at + (i % 60) * 1000;
        if (selectRateInto(versions, numbers[i % numbers.length] ?? '', when, TZ, cursor)) {
          sum += costMicrosOfCall(cursor, NO_MARKUP, i % 600);
        }
      }
      total = sum;
    };
    for (let i = 0; i < 20; i += 1) run(); // warm up: let the JIT optimize before measuring
    // The least of five runs: on a loaded machine the optimized code can arrive late (it is
    // compiled on another thread), while objects allocated per CDR would show in every run.
    // Each starts from an empty young generation, so no scavenge can run inside it and hide them.
    let grownBytes = Infinity;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      collectGarbage();
      const before = process.memoryUsage().heapUsed;
      run();
      grownBytes = Math.min(grownBytes, process.memoryUsage().heapUsed - before);
    }
    expect(total).toBeGreaterThan(0);
    // selectRate's result, selection and prefix are ~170 bytes per CDR (3.4 MB here); 20,000
    // CDRs allocate too little for a scavenge to run in between (which would hide them). What
    // may remain is V8 boxing the instant (a 16-byte heap number) while the loop is not yet
    // optimized, which a loaded machine can delay: hence 40 bytes, not 0.
    expect(grownBytes).toBeLessThan(20_000 * 40);
  });
});

/** A full GC without `--expose-gc` on the command line (the flag set now, `gc` read from a fresh context). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
