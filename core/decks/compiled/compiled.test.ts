// Proves the compiled deck round-trips through bytes and that its lookup equals a naive
// longest-prefix match (fast-check over random decks, windows and numbers), with examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInForce, parseWindow, windowsOverlap, type RateWindow } from '../windows';
import { DeckCompiler, compileDeck, type CompilableRate, type CompileOptions } from './compile';
import type { CompiledDeck } from './deck';
import { HEADER_FIELDS, NODE_DISTANCE_SHIFT, NODE_FAR, NODE_ONE_ROW, planLayout } from './layout';
import { loadCompiledDeck } from './load';
import { LookupCursor, NO_INSTANT, lookupRow, rowForSelection } from './lookup';

function rate(prefix: string, perMinuteMicros: number, extra: Partial<CompilableRate> = {}): CompilableRate {
  return {
    prefix,
    destination: `dest ${prefix}`,
    connectMicros: 0,
    includedSeconds: 0,
    perMinuteMicros,
    initialIncrementSeconds: 0,
    incrementSeconds: 0,
    priority: 0,
    strip: '',
    prepend: '',
    forceTrunk: '',
    line: 0,
    ...extra,
  };
}

function compileAndLoad(rates: readonly CompilableRate[], options: CompileOptions = {}): CompiledDeck {
  const compiled = compileDeck(rates, options);
  if (!compiled.ok) throw new Error(compiled.message);
  const loaded = loadCompiledDeck(compiled.bytes);
  if (!loaded.ok) throw new Error(loaded.message);
  expect(loaded.deck.hash).toBe(compiled.hash);
  return loaded.deck;
}

function win(days: string, from: string, to: string): RateWindow {
  const parsed = parseWindow(days, from, to);
  if (!parsed.ok || parsed.window === null) throw new Error('bad window');
  return parsed.window;
}

/** The reference: try every prefix length from the longest; first row in force wins. */
function naiveLookup(rates: readonly CompilableRate[], number: string, minute: number): CompilableRate | undefined {
  for (let length = number.length; length > 0; length -= 1) {
    const prefix = number.slice(0, length);
    const rows = rates.filter((r) => r.prefix === prefix);
    const windowed = rows.find((r) => r.window && minute >= 0 && isInForce(r.window, minute));
    if (windowed !== undefined) return windowed;
    // Duplicate window-less rows: higher per-minute, then higher connect, then the earlier row.
    const plain = rows
      .filter((r) => !r.window)
      .reduce<CompilableRate | undefined>((kept, r) => {
        if (kept === undefined) return r;
        if (r.perMinuteMicros !== kept.perMinuteMicros) return r.perMinuteMicros > kept.perMinuteMicros ? r : kept;
        return r.connectMicros > kept.connectMicros ? r : kept;
      }, undefined);
    if (plain !== undefined) return plain;
  }
  return undefined;
}

describe('compiled deck', () => {
  it('finds the longest prefix and the terms stored in the binary', () => {
    const deck = compileAndLoad([rate('1', 12_000), rate('1876', 210_000, { connectMicros: 50_000 }), rate('44', 9_000)]);
    const cursor = new LookupCursor();
    expect(lookupRow(deck, '18765551234', NO_INSTANT, cursor)).toBe(true);
    expect(cursor.depth).toBe(4);
    expect(deck.rateOfRow(cursor.row, '1876')).toMatchObject({ destination: 'dest 1876', connectMicros: 50_000, perMinuteMicros: 210_000 });
    expect(lookupRow(deck, '12125551234', NO_INSTANT, cursor)).toBe(true);
    expect(cursor.depth).toBe(1);
    expect(lookupRow(deck, '33123', NO_INSTANT, cursor)).toBe(false);
    expect(cursor.row).toBe(-1);
  });

  it('lets a windowed row win while in force and falls back to a shorter prefix otherwise', () => {
    const evenings = win('mon-fri', '18:00', '08:00');
    const deck = compileAndLoad([rate('44', 10_000), rate('4420', 30_000, { window: evenings })]);
    const cursor = new LookupCursor();
    // Monday 19:00 = minute 1140: the evening row of 4420 is in force.
    lookupRow(deck, '442079460000', 19 * 60, cursor);
    expect([cursor.depth, deck.windowTextOfRow(cursor.row)]).toEqual([4, 'mon-fri 18:00-08:00']);
    // Monday 12:00: 4420 has no row in force, so 44 (window-less) rates the call.
    lookupRow(deck, '442079460000', 12 * 60, cursor);
    expect([cursor.depth, deck.windowTextOfRow(cursor.row)]).toEqual([2, '']);
    expect(rowForSelection(deck, '4420', 'mon-fri 18:00-08:00')).toBeGreaterThanOrEqual(0);
    expect(rowForSelection(deck, '4420', '')).toBe(-1);
  });

  it('applies the duplicate rule to window-less rows and rejects overlapping windows', () => {
    const deck = compileAndLoad([rate('7', 5_000, { line: 2 }), rate('7', 9_000, { line: 3 }), rate('7', 9_000, { line: 4, destination: 'later' })]);
    const cursor = new LookupCursor();
    lookupRow(deck, '79', NO_INSTANT, cursor);
    expect(deck.rateOfRow(cursor.row, '7')).toMatchObject({ perMinuteMicros: 9_000, destination: 'dest 7' });
    const overlap = compileDeck([
      rate('7', 1, { line: 2, window: win('mon-fri', '08:00', '18:00') }),
      rate('7', 2, { line: 5, window: win('fri', '17:00', '20:00') }),
    ]);
    expect(overlap).toMatchObject({ ok: false, code: 'window_overlap', line: 5, earlierLine: 2 });
  });

  it('is named by its content: same rows, same hash; another price, another hash', () => {
    const rows = [rate('1', 1), rate('12', 2), rate('3', 3, { window: win('sat,sun', '', '') })];
    const a = compileDeck(rows);
    const b = compileDeck(rows.map((r) => ({ ...r })));
    const c = compileDeck([rate('1', 1), rate('12', 5), rows[2] as CompilableRate]);
    if (!a.ok || !b.ok || !c.ok) throw new Error('compile');
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compiles the same bytes streamed row by row as from an array', () => {
    const rows = [rate('1', 1), rate('12', 2), rate('12', 3), rate('3', 3, { window: win('sat', '', '') })];
    const compiler = new DeckCompiler(1);
    rows.forEach((row) => expect(compiler.add(row)).toBeNull());
    const streamed = compiler.finish();
    const whole = compileDeck(rows);
    expect(streamed.ok && whole.ok && Buffer.from(streamed.bytes).equals(Buffer.from(whole.bytes))).toBe(true);
  });

  it('refuses corrupt and truncated bytes', () => {
    const compiled = compileDeck([rate('1', 1), rate('12', 2)]);
    if (!compiled.ok) throw new Error('compile');
    const flipped = compiled.bytes.slice();
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0xff;
    expect(loadCompiledDeck(flipped)).toMatchObject({ ok: false, code: 'deck_hash_mismatch' });
    expect(loadCompiledDeck(compiled.bytes.subarray(0, 100))).toMatchObject({ ok: false, code: 'not_a_compiled_deck' });
    expect(loadCompiledDeck(compiled.bytes.subarray(0, compiled.bytes.length - 8))).toMatchObject({ code: 'deck_truncated' });
    const badIndex = compiled.bytes.slice();
    new DataView(badIndex.buffer).setUint32(16, 1, true); // node count 1: sections no longer fit
    expect(loadCompiledDeck(badIndex, { verifyHash: false }).ok).toBe(false);
  });

  it('loads from an unaligned Buffer', () => {
    const compiled = compileDeck([rate('1', 1)]);
    if (!compiled.ok) throw new Error('compile');
    const padded = new Uint8Array(compiled.bytes.length + 3);
    padded.set(compiled.bytes, 3);
    const loaded = loadCompiledDeck(padded.subarray(3));
    expect(loaded.ok).toBe(true);
  });

  it('equals a naive longest-prefix match over random decks, windows, numbers and layouts', () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: max });
    // Mostly digits; sometimes a character that ends the number early (also inside the root key).
    const dialled = fc.oneof(digits(7), fc.tuple(digits(3), fc.constantFrom('+', ' ', '#'), digits(4)).map((parts) => parts.join('')));
    // Root tables of 0–4 digits (windowed rows above and below depth k), far nodes forced or not.
    const layout = fc.record({
      rootDigits: fc.integer({ min: 0, max: 4 }),
      nearDistanceMax: fc.constantFrom(undefined, 1, 2, 5),
    });
    const windows = [null, null, win('mon-fri', '08:00', '18:00'), win('sat,sun', '', ''), win('mon-fri', '18:00', '08:00')];
    const row = fc.record({
      prefix: digits(5),
      perMinuteMicros: fc.integer({ min: 0, max: 5 }),
      connectMicros: fc.integer({ min: 0, max: 2 }),
      window: fc.constantFrom(...windows),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.array(dialled, { minLength: 1, maxLength: 20 }), fc.integer({ min: -1, max: 10_079 }), layout, (rows, numbers, minute, options) => {
        // Keep a windowed row only if it overlaps no kept row of its prefix (the validator's job).
        const reference: CompilableRate[] = [];
        rows.forEach((r, index) => {
          const candidate = rate(r.prefix, r.perMinuteMicros, { ...r, line: index + 2 });
          const w = candidate.window;
          if (w && reference.some((o) => o.prefix === r.prefix && o.window && windowsOverlap(o.window, w))) return;
          reference.push(candidate);
        });
        const deck = compileAndLoad(reference, options);
        const cursor = new LookupCursor();
        for (const number of numbers) {
          const expected = naiveLookup(reference, number, minute);
          lookupRow(deck, number, minute, cursor);
          if (expected === undefined) expect(cursor.row).toBe(-1);
          else {
            expect(cursor.depth).toBe(expected.prefix.length);
            expect(deck.rateOfRow(cursor.row, expected.prefix)).toMatchObject({
              perMinuteMicros: expected.perMinuteMicros,
              connectMicros: expected.connectMicros,
            });
            expect(deck.windowOfRow(cursor.row)).toEqual(expected.window ?? null);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('starts at the root table, yet evaluates windowed rows above its depth exactly', () => {
    const evenings = win('mon-fri', '18:00', '08:00');
    const rows = [rate('44', 10_000), rate('4420', 30_000, { window: evenings }), rate('442079', 50_000)];
    const cursor = new LookupCursor();
    for (const rootDigits of [0, 3, 5]) {
      const deck = compileAndLoad(rows, { rootDigits });
      expect(deck.counts.rootDigits).toBe(rootDigits);
      // Below any table depth: the deepest prefix.
      lookupRow(deck, '442079460000', 19 * 60, cursor);
      expect(cursor.depth).toBe(6);
      // 4420 sits above a 5-digit table: the walk of the first digits still sees its window.
      lookupRow(deck, '442071234567', 19 * 60, cursor);
      expect([cursor.depth, deck.windowTextOfRow(cursor.row)]).toEqual([4, 'mon-fri 18:00-08:00']);
      lookupRow(deck, '442071234567', 12 * 60, cursor);
      expect([cursor.depth, deck.windowTextOfRow(cursor.row)]).toEqual([2, '']);
      // Shorter than the key, or not digits inside it: walked from the root.
      expect(lookupRow(deck, '442', NO_INSTANT, cursor) && cursor.depth).toBe(2);
      expect(lookupRow(deck, '44+2079', NO_INSTANT, cursor) && cursor.depth).toBe(2);
      expect(lookupRow(deck, '33', NO_INSTANT, cursor)).toBe(false);
    }
  });

  it('flags one-row prefixes, whose row is their node slot, and keeps windowed rows in runs', () => {
    const evenings = win('mon-fri', '18:00', '08:00');
    const deck = compileAndLoad([rate('44', 10_000), rate('4420', 30_000, { window: evenings }), rate('4420', 20_000)]);
    const plain = rowForSelection(deck, '44', '');
    const windowed = rowForSelection(deck, '4420', 'mon-fri 18:00-08:00');
    expect((deck.arrays.nodes[plain] ?? 0) & NODE_ONE_ROW).toBe(NODE_ONE_ROW);
    expect(plain).toBeLessThan(deck.counts.nodeCount);
    // The windowed row and the window-less one of 4420 follow the node slots, windowed first.
    expect(windowed).toBeGreaterThanOrEqual(deck.counts.nodeCount);
    expect(rowForSelection(deck, '4420', '')).toBe(windowed + 1);
  });

  it('reaches far children through the far table', () => {
    const rows = ['1', '12', '1234', '19', '2', '25', '259', '9'].map((prefix, i) => rate(prefix, i + 1));
    const near = compileAndLoad(rows);
    const far = compileAndLoad(rows, { nearDistanceMax: 1, rootDigits: 2 });
    expect(near.counts.farCount).toBe(0);
    expect(far.counts.farCount).toBeGreaterThan(0);
    const a = new LookupCursor();
    const b = new LookupCursor();
    for (const number of ['12345', '1999', '2599', '25', '9', '3', '1']) {
      lookupRow(near, number, NO_INSTANT, a);
      lookupRow(far, number, NO_INSTANT, b);
      expect([b.depth, b.row >= 0 && far.rateOfRow(b.row, '').perMinuteMicros]).toEqual([a.depth, a.row >= 0 && near.rateOfRow(a.row, '').perMinuteMicros]);
    }
    expect(rowForSelection(far, '1234', '')).toBeGreaterThanOrEqual(0);
  });

  it('refuses other format versions and corrupt trie words, far entries and root tables', () => {
    const compiled = compileDeck([rate('1', 1), rate('12', 2), rate('123', 3), rate('2', 4)], { rootDigits: 2, nearDistanceMax: 1 });
    const loaded = compiled.ok ? loadCompiledDeck(compiled.bytes) : null;
    if (!compiled.ok || loaded?.ok !== true) throw new Error('compile');
    const place = (name: string): number => planLayout(loaded.deck.counts).places.find((p) => p.name === name)?.byteOffset ?? -1;
    const corrupted = (offset: number, value: number): ReturnType<typeof loadCompiledDeck> => {
      const bytes = compiled.bytes.slice();
      new DataView(bytes.buffer).setUint32(offset, value, true);
      return loadCompiledDeck(bytes, { verifyHash: false });
    };
    expect(corrupted(HEADER_FIELDS.formatVersion, 1)).toMatchObject({ code: 'unsupported_deck_version', message: 'deck format 1 is not 2: recompile the deck from its rates' });
    expect(corrupted(HEADER_FIELDS.rootDigits, 7)).toMatchObject({ code: 'deck_corrupt' });
    // The root's first child pushed past the trie; a far index past the far table.
    expect(corrupted(place('nodes'), (1 << 1) | (1 << 2) | (60 << NODE_DISTANCE_SHIFT))).toMatchObject({ code: 'deck_corrupt' });
    expect(corrupted(place('nodes'), (1 << 1) | (1 << 2) | NODE_FAR | (9 << NODE_DISTANCE_SHIFT))).toMatchObject({ code: 'deck_corrupt' });
    // A one-row flag without rows.
    expect(corrupted(place('nodes'), (1 << 1) | (1 << 2) | NODE_ONE_ROW | (1 << NODE_DISTANCE_SHIFT))).toMatchObject({ code: 'deck_corrupt' });
    // Root table entry "12" naming node 1 with another node's word.
    expect(corrupted(place('rootTable') + 12 * 8 + 4, 0x3ff)).toMatchObject({ code: 'deck_corrupt' });
    // Root-best entries naming a row deeper than the table, or a node without a single row.
    expect(corrupted(place('rootBest') + 12 * 4, 1 * 8 + 5)).toMatchObject({ code: 'deck_corrupt' });
    expect(corrupted(place('rootBest') + 12 * 4, 0 * 8 + 1)).toMatchObject({ code: 'deck_corrupt' });
    expect(loaded.deck.counts.farCount).toBeGreaterThan(0);
  });

  it('allocates nothing per lookup (heap delta over 200,000 lookups)', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => rate(String(100 + i), i));
    const deck = compileAndLoad(rows);
    const cursor = new LookupCursor();
    const numbers = rows.map((r) => `${r.prefix}5551234`);
    const run = (): void => {
      for (let i = 0; i < 200_000; i += 1) lookupRow(deck, numbers[i % numbers.length] ?? '', 600, cursor);
    };
    run(); // warm up: let the JIT compile before measuring
    const before = process.memoryUsage().heapUsed;
    run();
    const grownBytes = process.memoryUsage().heapUsed - before;
    // A single allocation per lookup would be ≥ 16 bytes × 200,000 = 3.2 MB.
    expect(grownBytes).toBeLessThan(1_000_000);
  });
});

