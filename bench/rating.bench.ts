/**
 * Foundation benchmarks: `deck.csv-import.1M` (a seeded synthetic 1M-row A–Z deck streamed from
 * disk through the validator, with a report; goal < 30 s, memory flat) and `rate.formula`
 * (costs/s of the exact formula, timed in batches of 10,000).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { DECK_FORMATS } from '../core/decks/formats';
import { readCsvRecords } from '../core/decks/csv-records';
import type { DeckReport } from '../core/decks/report';
import { DeckValidator } from '../core/decks/validator';
import { costOfCall } from '../core/rating/formula';
import { NO_MARKUP } from '../core/rating/rate';
import { seededRandom, throughputFromSamples, timeBatches, type BenchRow, type BenchSuite } from './harness';
import { syntheticRates } from './synthetic-deck';

const ROWS = 1_000_000;
const BLOCK = 10_000;
const HEADER = 'Code,Destination,Connect Cost,Included Seconds,Per Minute Cost,Initial Increment,Increment\n';

async function writeDeck(path: string): Promise<void> {
  const out = createWriteStream(path);
  let buffer = HEADER;
  let row = 0;
  for (const rate of syntheticRates(ROWS, 42)) {
    row += 1;
    // one row in 1,000 is malformed, so the report has real work to do
    const perMinute = row % 1_000 === 0 ? '1,5' : (rate.perMinuteMicros / 1e6).toFixed(6);
    buffer += `${rate.prefix},"${rate.destination}",${(rate.connectMicros / 1e6).toFixed(6)},0,${perMinute},${rate.initialIncrementSeconds},${rate.incrementSeconds}\n`;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/** Streams the file through the validator, timing every block of 10,000 records. */
async function importTimed(path: string): Promise<{ report: DeckReport; blockNs: number[]; elapsedMs: number }> {
  const validator = new DeckValidator(DECK_FORMATS['astpp-origination'], { keepRates: false });
  const blockNs: number[] = [];
  let records = 0;
  let blockStarted = performance.now();
  const started = blockStarted;
  await readCsvRecords(createReadStream(path, { highWaterMark: 256 * 1024 }), {
    record(cells, line) {
      validator.record(cells, line);
      records += 1;
      if (records % BLOCK === 0) {
        const now = performance.now();
        blockNs.push(((now - blockStarted) * 1e6) / BLOCK);
        blockStarted = now;
      }
    },
    malformed: (line, message) => validator.malformed(line, message),
  });
  const { report } = validator.finish();
  return { report, blockNs, elapsedMs: performance.now() - started };
}

async function csvImport(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-'));
  const path = join(dir, 'deck.csv');
  try {
    await writeDeck(path);
    globalThis.gc?.();
    const before = process.memoryUsage();
    let rssPeak = before.rss;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    const { report, blockNs, elapsedMs } = await importTimed(path);
    clearInterval(sampler);
    globalThis.gc?.();
    const retainedBytes = process.memoryUsage().heapUsed - before.heapUsed;
    if (report.rows !== ROWS || report.errors.length !== ROWS / 1_000) throw new Error('bench: unexpected report');
    return [
      throughputFromSamples('deck.csv-import.1M', blockNs, elapsedMs, ROWS),
      { name: 'deck.csv-import.1M.seconds', value: Math.round(elapsedMs) / 1000, unit: 's (goal < 30)' },
      { name: 'deck.csv-import.1M.rss-peak-growth', value: Math.round((rssPeak - before.rss) / 1e6), unit: 'MB' },
      // What stays reachable: the prefix set that duplicate detection needs, nothing per row.
      { name: 'deck.csv-import.1M.heap-retained', value: Math.round(retainedBytes / 1e6), unit: 'MB' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function formula(): Promise<BenchRow[]> {
  const random = seededRandom(7);
  // Rates as the deck reader builds them: one literal shape (see core/decks/row.ts).
  const rates = [...syntheticRates(10_000, 7)].map((r) => ({
    connectMicros: r.connectMicros,
    includedSeconds: random() < 0.1 ? 30 : 0,
    perMinuteMicros: r.perMinuteMicros,
    initialIncrementSeconds: r.initialIncrementSeconds,
    incrementSeconds: r.incrementSeconds,
  }));
  const seconds = rates.map(() => Math.floor(random() * 600));
  let sink = 0;
  const row = await timeBatches('rate.formula', 300, rates.length, () => {
    for (let index = 0; index < rates.length; index += 1) {
      sink += costOfCall(rates[index]!, NO_MARKUP, seconds[index]!).costMicros;
    }
  });
  if (sink < 0) throw new Error('unreachable');
  return [row];
}

const suite: BenchSuite = {
  name: 'rating',
  async run() {
    return [...(await formula()), ...(await csvImport())];
  },
};
export default suite;
