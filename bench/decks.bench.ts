/**
 * Compiled-deck benchmarks on the seeded synthetic 1M-prefix A–Z deck (bench/synthetic-deck.ts:
 * a few thousand distinct destination/price combinations, as real decks have) and Zipf-like
 * dialled numbers; rows ending in `.all-distinct` use the same prefixes with a price per prefix
 * (~1M distinct terms), the worst case:
 *
 * - `deck.compile.1M`      rows → binary (rows streamed in blocks; generating them is not timed)
 * - `deck.load.1M`         bytes → deck, sha256 verified (median of 5); `…-unverified`: no hash
 * - `deck.bytes-per-prefix`
 * - `lpm.lookup.1M`        longest-prefix lookups, batches of 10,000 (p50/p99 per lookup)
 * - `lpm.lookup.hot-16`    the same lookups cycling over 16 numbers (cache-resident): the
 *                          in-run ceiling; `lpm.lookup.1M/hot-16` is the ratio of the p50s, which
 *                          says how much of a lookup is memory, whatever the machine's load
 * - `lpm.lookup.loop-overhead` the same loop over the same numbers reading every digit and no
 *                          lookup: the harness's own share of `lpm.lookup.1M` (reported, not
 *                          subtracted)
 * - `lpm.lookup.heap-bytes-per-op` heap growth per lookup after a forced GC (`--expose-gc`):
 *                          (growth over 4M − growth over 1M) / 3M, so constant noise cancels;
 *                          the zero-allocation claim, measured (0 = nothing allocated)
 * - `rate.cdr`             version + local window + lookup + terms + formula per CDR, through
 *                          the allocation-free path (`selectRateInto`, `costMicrosOfCall`);
 *                          `rate.cdr.heap-bytes-per-op` measures it like the lookup
 * - `route.lcr`            10 trunks (100k-prefix termination decks), no-loss on, routes/s
 */
import { performance } from 'node:perf_hooks';
import { DeckCompiler, type CompilableRate } from '../core/decks/compiled/compile';
import type { CompiledDeck } from '../core/decks/compiled/deck';
import { loadCompiledDeck } from '../core/decks/compiled/load';
import { LookupCursor, lookupRow } from '../core/decks/compiled/lookup';
import { RateCursor, selectRateInto } from '../core/decks/compiled/select';
import { localClock } from '../core/decks/local-clock';
import { DeckVersions } from '../core/decks/versions';
import { costMicrosOfCall, costOfCall } from '../core/rating/formula';
import { NO_MARKUP } from '../core/rating/rate';
import { findRoutes, type Trunk } from '../core/routing/lcr';
import { percentile, seededRandom, timeBatches, type BenchRow, type BenchSuite } from './harness';
import { syntheticRates, zipfNumbers, type SyntheticRate, type TermsCardinality } from './synthetic-deck';

// The hot loops call module constants, not imported bindings: under tsx an imported name costs a
// getter call per use, which production bundles (esbuild) do not pay.
const lookup = lookupRow;
const rateInto = selectRateInto;
const cost = costOfCall;
const costMicros = costMicrosOfCall;
const route = findRoutes;

const PREFIXES = 1_000_000;
const BLOCK = 10_000;
const SEED = 42;

/**
 * One object literal with every field, as the validator builds rows (core/decks/row.ts): rows
 * made with `{ ...spread }` get slower property access and made compile look twice as slow.
 */
function deckRate(rate: SyntheticRate, line: number, priceFactor: number): CompilableRate {
  return {
    // Flat strings, as a CSV parser produces (the generator builds prefixes by concatenation).
    prefix: flat(rate.prefix),
    destination: flat(rate.destination),
    connectMicros: rate.connectMicros,
    includedSeconds: 0,
    perMinuteMicros: Math.floor(rate.perMinuteMicros * priceFactor),
    initialIncrementSeconds: rate.initialIncrementSeconds,
    incrementSeconds: rate.incrementSeconds,
    priority: line % 3,
    strip: '',
    prepend: '',
    forceTrunk: '',
    window: null,
    line,
  };
}

/**
 * A sequential (flat) copy of a string, as JSON/CSV parsers produce; the generator builds its
 * strings by concatenation, which V8 keeps as ropes that are slower to read digit by digit.
 */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Compiles `count` synthetic rows streamed in blocks; only the compiler's work is timed. */
export function compileSynthetic(
  count: number,
  seed: number,
  priceFactor = 1,
  terms: TermsCardinality = 'realistic',
): { bytes: Uint8Array; ms: number } {
  const compiler = new DeckCompiler(count);
  const source = syntheticRates(count, seed, terms);
  let line = 2;
  let ms = 0;
  let next = source.next();
  while (next.done !== true) {
    const block: CompilableRate[] = [];
    while (next.done !== true && block.length < BLOCK) {
      block.push(deckRate(next.value, line, priceFactor));
      line += 1;
      next = source.next();
    }
    const started = performance.now();
    for (const rate of block) {
      if (compiler.add(rate) !== null) throw new Error('synthetic deck overlaps');
    }
    ms += performance.now() - started;
  }
  const started = performance.now();
  const compiled = compiler.finish();
  ms += performance.now() - started;
  if (!compiled.ok) throw new Error(compiled.message);
  return { bytes: compiled.bytes, ms };
}

function load(bytes: Uint8Array, verifyHash: boolean): { deck: CompiledDeck; ms: number } {
  const started = performance.now();
  const loaded = loadCompiledDeck(bytes, { verifyHash });
  const ms = performance.now() - started;
  if (!loaded.ok) throw new Error(loaded.message);
  return { deck: loaded.deck, ms };
}

function medianLoadMs(bytes: Uint8Array, verifyHash: boolean): number {
  const samples = Array.from({ length: 5 }, () => load(bytes, verifyHash).ms * 1e6);
  return Math.round(percentile(samples, 0.5) / 1e4) / 100;
}

function prefixesOf(count: number, seed: number): string[] {
  const prefixes: string[] = [];
  for (const rate of syntheticRates(count, seed)) prefixes.push(flat(rate.prefix));
  return prefixes;
}

async function lookups(deck: CompiledDeck, numbers: readonly string[]): Promise<BenchRow[]> {
  const cursor = new LookupCursor();
  const mask = numbers.length - 1;
  const row = await timeBatches('lpm.lookup.1M', 200, BLOCK, (batch) => {
    let matched = 0;
    for (let i = 0; i < BLOCK; i += 1) {
      if (lookup(deck, numbers[(batch * BLOCK + i) & mask] as string, -1, cursor)) matched += 1;
    }
    return matched;
  });
  const hot = await timeBatches('lpm.lookup.hot-16', 200, BLOCK, (batch) => {
    let matched = 0;
    for (let i = 0; i < BLOCK; i += 1) {
      if (lookup(deck, numbers[(batch * BLOCK + i) & 15] as string, -1, cursor)) matched += 1;
    }
    return matched;
  });
  const overhead = await timeBatches('lpm.lookup.loop-overhead', 200, BLOCK, (batch) => {
    let sum = 0;
    for (let i = 0; i < BLOCK; i += 1) sum += digitSum(numbers[(batch * BLOCK + i) & mask] as string);
    return sum;
  });
  const perOp = heapBytesPerLookup(deck, numbers, cursor);
  const ratio = Math.round((row.p50Ns / Math.max(1, hot.p50Ns)) * 100) / 100;
  return [
    row,
    hot,
    overhead,
    { name: 'lpm.lookup.1M/hot-16', value: ratio, unit: 'ratio of p50s (memory-bound share)' },
    { name: 'lpm.lookup.heap-bytes-per-op', value: perOp, unit: 'bytes' },
  ];
}

/** Reads every character of a number, as a lookup at most does: the loop's own share of a lookup. */
function digitSum(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) sum += digits.charCodeAt(index);
  return sum;
}

/** Heap bytes a lookup leaves behind, GC forced first; needs `node --expose-gc` (npm run bench). */
function heapBytesPerLookup(
  deck: CompiledDeck,
  numbers: readonly string[],
  cursor: LookupCursor,
): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return -1;
  const run = (count: number): void => {
    const mask = numbers.length - 1;
    for (let i = 0; i < count; i += 1) lookup(deck, numbers[i & mask] as string, -1, cursor);
  };
  const growth = (count: number): number => {
    gc();
    const before = process.memoryUsage().heapUsed;
    run(count);
    return process.memoryUsage().heapUsed - before;
  };
  run(100_000); // the measuring loop itself gets compiled first: its code is not a lookup's
  const perOp = (growth(4_000_000) - growth(1_000_000)) / 3_000_000;
  return Math.max(0, Math.round(perOp * 1000) / 1000);
}

/** One month of answer instants (Europe/Berlin windows) and durations, one per number. */
function cdrInputs(count: number): { answered: Float64Array; seconds: Uint32Array } {
  const random = seededRandom(SEED + 1);
  const month = 30 * 86_400_000;
  const start = Date.parse('2026-10-01T00:00:00Z');
  const answered = Float64Array.from({ length: count }, () => Math.floor(start + random() * month));
  const seconds = Uint32Array.from({ length: count }, () => Math.floor(random() * 600));
  localClock('Europe/Berlin').minuteOfWeek(start); // build the formatter outside the timing
  return { answered, seconds };
}

/** Rates `count` CDRs from index `from` (cycling); returns the total, so nothing is optimized away. */
function rateRange(
  versions: DeckVersions,
  numbers: readonly string[],
  inputs: { answered: Float64Array; seconds: Uint32Array },
  cursor: RateCursor,
  from: number,
  count: number,
): number {
  const mask = numbers.length - 1;
  let totalMicros = 0;
  for (let i = 0; i < count; i += 1) {
    const k = (from + i) & mask;
    if (!rateInto(versions, numbers[k] as string, inputs.answered[k] as number, 'Europe/Berlin', cursor)) continue;
    totalMicros += costMicros(cursor, NO_MARKUP, inputs.seconds[k] as number);
  }
  return totalMicros;
}

async function rateCdrs(deck: CompiledDeck, numbers: readonly string[], name: string): Promise<BenchRow[]> {
  const built = DeckVersions.of([{ effectiveFromEpochMs: 0, deck }]);
  if (!built.ok) throw new Error(built.message);
  const versions = built.versions;
  const inputs = cdrInputs(numbers.length);
  const cursor = new RateCursor();
  const row = await timeBatches(name, 100, BLOCK, (batch) =>
    rateRange(versions, numbers, inputs, cursor, batch * BLOCK, BLOCK),
  );
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return [row];
  const growth = (count: number): number => {
    gc();
    const before = process.memoryUsage().heapUsed;
    rateRange(versions, numbers, inputs, cursor, 0, count);
    return process.memoryUsage().heapUsed - before;
  };
  growth(100_000); // the measuring call site gets compiled first: its code is not a CDR's
  const small = growth(500_000);
  const perOp = Math.max(0, Math.round(((growth(2_000_000) - small) / 1_500_000) * 1000) / 1000);
  return [row, { name: `${name}.heap-bytes-per-op`, value: perOp, unit: 'bytes' }];
}

async function routeLcr(numbers: readonly string[], sell: CompiledDeck): Promise<BenchRow> {
  const trunks: Trunk[] = [];
  for (let t = 0; t < 10; t += 1) {
    // Termination decks: 100k prefixes each, carriers cheaper than the sell deck by 20–60 %.
    const compiled = compileSynthetic(100_000, SEED + 10 + t, 0.4 + t * 0.04);
    const deck = load(compiled.bytes, false).deck;
    trunks.push({ name: `trunk${t}`, deck, translation: [], gateways: ['gw'] });
  }
  const cursor = new LookupCursor();
  const mask = numbers.length - 1;
  return timeBatches('route.lcr', 50, 1_000, (batch) => {
    let routes = 0;
    for (let i = 0; i < 1_000; i += 1) {
      const digits = numbers[(batch * 1_000 + i) & mask] as string;
      if (!lookup(sell, digits, -1, cursor)) continue;
      const terms = sell.termsOfRow(cursor.row);
      const revenueMicros = (s: number): number => cost(terms, NO_MARKUP, s).costMicros;
      const found = route(trunks, {
        digits,
        minuteOfWeek: -1,
        referenceSeconds: 60,
        mode: 'lcr',
        forceTrunk: '',
        noLoss: { revenueMicros, maxSeconds: 3_600 },
      });
      if (found.ok) routes += found.routes.length;
    }
    return routes;
  });
}

function bytesPerPrefix(bytes: Uint8Array): number {
  return Math.round((bytes.length / PREFIXES) * 10) / 10;
}

/** Compile, load and size rows of one variant of the synthetic deck, and the loaded deck. */
function compiledRows(terms: TermsCardinality): { rows: BenchRow[]; deck: CompiledDeck } {
  const suffix = terms === 'realistic' ? '' : `.${terms}`;
  const compiled = compileSynthetic(PREFIXES, SEED, 1, terms);
  const rows: BenchRow[] = [
    { name: `deck.compile.1M${suffix}`, value: Math.round(compiled.ms), unit: 'ms' },
    { name: `deck.load.1M${suffix}`, value: medianLoadMs(compiled.bytes, true), unit: 'ms, hash checked' },
    { name: `deck.load-unverified.1M${suffix}`, value: medianLoadMs(compiled.bytes, false), unit: 'ms' },
    { name: `deck.bytes-per-prefix${suffix}`, value: bytesPerPrefix(compiled.bytes), unit: 'bytes' },
  ];
  return { rows, deck: load(compiled.bytes, false).deck };
}

const suite: BenchSuite = {
  name: 'deck',
  async run() {
    const { rows, deck } = compiledRows('realistic');
    // 2^18 numbers, cycled: enough to defeat caches, small enough to keep in memory.
    const numbers = zipfNumbers(prefixesOf(PREFIXES, SEED), 1 << 18, SEED + 2).map(flat);
    rows.push(...(await lookups(deck, numbers)));
    rows.push(...(await rateCdrs(deck, numbers, 'rate.cdr')));
    // The worst case: the same prefixes (same trie), a price of its own for each.
    const worst = compiledRows('all-distinct');
    rows.push(...worst.rows);
    rows.push(...(await rateCdrs(worst.deck, numbers, 'rate.cdr.all-distinct')));
    rows.push(await routeLcr(numbers, deck));
    return rows;
  },
};

export default suite;
