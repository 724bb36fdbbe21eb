/**
 * The benchmark harness: suites return rows; `bench/main.ts` prints them as a table or, with
 * `--json`, one JSON object per line. Time batches, never single calls: the timer's own cost
 * would swamp sub-microsecond operations.
 */
import { performance } from 'node:perf_hooks';

export interface ThroughputRow {
  readonly name: string;
  readonly n: number;
  readonly opsPerSec: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
}

export interface FigureRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

export type BenchRow = ThroughputRow | FigureRow;

export interface BenchSuite {
  /** Row names this suite produces start with this, so `npm run bench -- NAME` can filter. */
  readonly name: string;
  run(): Promise<readonly BenchRow[]>;
}

/**
 * Runs `batch(i)` `batches` times; each call performs `opsPerBatch` operations. Per-operation
 * p50/p99 are the batch durations divided by the batch size.
 */
export async function timeBatches(
  name: string,
  batches: number,
  opsPerBatch: number,
  batch: (index: number) => unknown,
): Promise<ThroughputRow> {
  const perOpNs: number[] = [];
  const started = performance.now();
  for (let index = 0; index < batches; index += 1) {
    const t0 = performance.now();
    await batch(index);
    perOpNs.push(((performance.now() - t0) * 1e6) / opsPerBatch);
  }
  const elapsedMs = performance.now() - started;
  const n = batches * opsPerBatch;
  return {
    name,
    n,
    opsPerSec: Math.floor(n / (elapsedMs / 1000)),
    p50Ns: percentile(perOpNs, 0.5),
    p99Ns: percentile(perOpNs, 0.99),
  };
}

/**
 * Latencies (ns per operation) measured elsewhere, e.g. HTTP round trips, or per-block averages
 * of a stream (then `n` is the operation count, larger than the sample count).
 */
export function throughputFromSamples(
  name: string,
  samplesNs: number[],
  elapsedMs: number,
  n: number = samplesNs.length,
): ThroughputRow {
  return {
    name,
    n,
    opsPerSec: Math.floor(n / (elapsedMs / 1000)),
    p50Ns: percentile(samplesNs, 0.5),
    p99Ns: percentile(samplesNs, 0.99),
  };
}

export function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.floor(q * sorted.length));
  return Math.round(sorted[index] ?? 0);
}

/** A small deterministic PRNG (mulberry32) so synthetic decks and traffic replay from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
