/**
 * The edge's dialplan path minus sockets, in process: the `edge.auth` snapshot (100k accounts,
 * 1M-prefix decks) and its 2,000 wire-derived bodies, each answered as the server answers it
 * (`answerXmlCurl`: the fields scanner, the snapshot answerer with its credit leases and
 * counters, the answer document). Reports CPU and wall ns per call (p10/p25/p50 over blocks),
 * heap bytes allocated per call, and heap bytes each live call keeps.
 *
 *   node --expose-gc --import tsx bench/edge-inproc.ts [--base DIR] [--rounds N] [--block CALLS] [--seconds S]
 *
 * `--base DIR`: an A/B in this one process against another checkout of the repository (e.g.
 * `git archive COMMIT | tar -x -C DIR` with node_modules linked): both answer the same bodies
 * from the same index in alternating blocks of `--block` calls (A B, then B A, …) over
 * `--rounds`; their answers must be the same text but for the lease ids. `--seconds S`: only
 * this tree, in a loop for S seconds (for `--cpu-prof`, `--alloc-prof FILE` or `--live-prof FILE`). The data
 * directory is kept in `$EDGE_INPROC_DATA` (default `/tmp/edge-inproc-data`) and reused.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Session } from 'node:inspector';
import type { EdgeIndex } from '../core/authorization/edge-index';
import { EDGE_DEFAULTS } from '../freeswitch-edge/defaults';
import type { XmlCurlAnswerer } from '../freeswitch-edge/http/xml-curl';
import { SnapshotSync } from '../freeswitch-edge/snapshot/sync';
import { generousCloud } from './edge-auth-leases.bench';
import { bodies, prepareDataDir } from './edge-auth.bench';

const quiet = () => undefined;
type Answer = (body: string) => string | Promise<string>;

interface Variant {
  readonly name: string;
  readonly answer: Answer;
  /** Wall time per call, per block. */
  readonly nsPerCall: number[];
  /**
   * The process's CPU time (user + system, GC threads included) per call, per block: what the
   * edge bench's cpu-per-request counts, and steadier than wall time when the cores are shared.
   */
  readonly cpuNsPerCall: number[];
  readonly bytesPerCall: number[];
  readonly retainedPerCall: number[];
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** The snapshot's data directory, prepared once and reused (preparing it takes a while). */
async function dataDir(): Promise<{ dir: string; prefixes: string }> {
  const dir = process.env.EDGE_INPROC_DATA ?? '/tmp/edge-inproc-data';
  const prefixesFile = join(dir, 'prefixes.json');
  if (!existsSync(prefixesFile)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(prefixesFile, await prepareDataDir(dir));
  }
  return { dir, prefixes: readFileSync(prefixesFile, 'utf8') };
}

/** The answer path of the checkout at `root`, with its own lease manager and counters. */
async function answerOf(root: string, dir: string, index: EdgeIndex): Promise<Answer> {
  const load = (path: string) => import(pathToFileURL(join(root, path)).href);
  const [xmlCurl, answerer, manager, leaseFile, channels, cps] = await Promise.all([
    load('freeswitch-edge/http/xml-curl.ts'),
    load('freeswitch-edge/http/snapshot-answerer.ts'),
    load('freeswitch-edge/leases/manager.ts'),
    load('freeswitch-edge/leases/lease-file.ts'),
    load('core/authorization/channels.ts'),
    load('core/authorization/cps.ts'),
  ]);
  const d = EDGE_DEFAULTS;
  const leases = new manager.LeaseManager({
    cloud: generousCloud(),
    store: leaseFile.leaseFileStore(join(dir, `leases-${randomUUID()}`), quiet),
    clock: Date.now,
    newId: randomUUID,
    limits: { ttlSeconds: d.leaseTtlSeconds, skewMarginMs: d.leaseSkewMarginMs, renewAheadMs: d.leaseRenewAheadMs, idleCloseMs: d.leaseIdleCloseMs, retryAfterMs: d.leaseRetryAfterMs, waitMs: d.leaseWaitMs },
    maxCallSecondsOf: (accountId: string) => index.accounts.get(accountId)?.account.maxCallSeconds ?? null,
    log: quiet,
  });
  await leases.start(0);
  const counters = { cps: new cps.CpsWindow(), channels: new channels.ChannelCounts(), funds: leases };
  const answering: XmlCurlAnswerer = answerer.snapshotAnswerer({ index, edgeId: 'bench', counters, leases, clock: Date.now, log: quiet });
  return (body) => xmlCurl.answerXmlCurl(body, answering, quiet);
}

/** Lease ids are random per lease manager: the rest of an answer must match to the byte. */
const comparable = (document: string) => document.replace(/tollgate_lease=[0-9a-f-]+/g, 'tollgate_lease=*');

/** Every body answered once (first leases granted); every call must bridge, the same in all variants. */
async function warm(variants: readonly Variant[], sample: readonly string[]): Promise<void> {
  for (const body of sample) {
    const answers = await Promise.all(variants.map((variant) => variant.answer(body)));
    const first = answers[0]!;
    if (!first.includes('application="bridge"')) throw new Error(`edge-inproc: a call is not authorized:\n${first}`);
    for (const [i, other] of answers.entries()) {
      if (comparable(other) !== comparable(first)) {
        throw new Error(`edge-inproc: ${variants[i]!.name} answers differently:\n${first}\n---\n${other}`);
      }
    }
  }
}

/**
 * One timed block of `count` bodies from `from` on; a call that waits here (money) is a bug in
 * the bench. The answer's byte length is taken as the server does for its content-length (it
 * flattens the concatenated document).
 */
function timed(variant: Variant, sample: readonly string[], from: number, count: number): void {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i += 1) {
    const answer = variant.answer(sample[(from + i) % sample.length]!);
    if (typeof answer !== 'string') throw new Error('edge-inproc: a call waited');
    Buffer.byteLength(answer);
  }
  const used = process.cpuUsage(cpu);
  variant.cpuNsPerCall.push(((used.user + used.system) * 1000) / count);
  variant.nsPerCall.push(Number(process.hrtime.bigint() - started) / count);
}

const ALLOCATION_CALLS = 250;

/** Heap bytes per call over a block small enough to fit the young generation after a full GC. */
function allocation(variant: Variant, sample: readonly string[], from: number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return;
  gc();
  const before = getHeapStatistics().used_heap_size;
  for (let i = 0; i < ALLOCATION_CALLS; i += 1) variant.answer(sample[(from + i) % sample.length]!);
  const grown = getHeapStatistics().used_heap_size - before;
  // A scavenge in the block would undercount: such a sample is dropped.
  if (grown > 0) variant.bytesPerCall.push(grown / ALLOCATION_CALLS);
}

const FRESH_CALLS = 2_000;
let freshRound = 0;

/**
 * Heap bytes each live call keeps (channel, lease hold, chain levels…) until it ends: calls
 * with uuids not seen before, between two full GCs. What a call keeps is copied by the young
 * generation's GC and promoted, so it costs time in every variant's blocks alike (the GC is the
 * process's): this is how an A/B tells which variant causes that work. The calls stay live.
 */
function retention(variant: Variant, sample: readonly string[], uuidPrefix: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return;
  const fresh = `${uuidPrefix.slice(0, 19)}${(freshRound++).toString(16).padStart(4, 'f')}-`;
  const bodies = Array.from({ length: FRESH_CALLS }, (_, i) => sample[i % sample.length]!).map((body) => Buffer.from(body.replaceAll(uuidPrefix, fresh)).toString('utf8'));
  gc();
  const before = getHeapStatistics().used_heap_size;
  for (const body of bodies) variant.answer(body);
  gc();
  // The bodies were alive at both measures: only what the calls keep is in the difference.
  variant.retainedPerCall.push((getHeapStatistics().used_heap_size - before) / bodies.length);
}

/** The first 24 characters of the bodies' uuids (bench bodies number their calls after them). */
function uuidPrefixOf(sample: readonly string[]): string {
  const uuid = /&Unique-ID=([0-9a-f-]{24})/.exec(sample[0]!)?.[1];
  if (uuid === undefined) throw new Error('edge-inproc: the bodies have no Unique-ID');
  return uuid;
}

/** The q-quantile: under a shared machine's load the low ones move least (contention only adds). */
const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(q * (sorted.length - 1))]!;
};

function report(variants: readonly Variant[]): void {
  const line = (name: string, label: string, values: readonly number[], tail: string) => {
    const [p10, p25, p50] = [0.1, 0.25, 0.5].map((q) => quantile(values, q).toFixed(0).padStart(6));
    process.stdout.write(`${name.padEnd(8)} ${label} p10 ${p10}  p25 ${p25}  p50 ${p50}${tail}\n`);
  };
  for (const v of variants) {
    const bytes = quantile(v.bytesPerCall, 0.5).toFixed(0);
    const kept = quantile(v.retainedPerCall, 0.5).toFixed(0);
    line(v.name, 'CPU ns/call ', v.cpuNsPerCall, `  (${v.nsPerCall.length} blocks)  ${bytes} B/call allocated, ${kept} kept per live call`);
    line(v.name, 'wall ns/call', v.nsPerCall, '');
  }
  const [a, b] = variants;
  if (a === undefined || b === undefined) return;
  for (const [label, of] of [['CPU', (v: Variant) => v.cpuNsPerCall], ['wall', (v: Variant) => v.nsPerCall]] as const) {
    const ratio = (q: number) => (quantile(of(a), q) / quantile(of(b), q)).toFixed(3);
    const perRound = quantile(of(a).map((ns, i) => ns / of(b)[i]!), 0.5).toFixed(3);
    process.stdout.write(`${a.name}/${b.name} ${label}: p10 ${ratio(0.1)}, p25 ${ratio(0.25)}, p50 ${ratio(0.5)}; median per-round ratio ${perRound}\n`);
  }
}

async function main(): Promise<void> {
  const { dir, prefixes } = await dataDir();
  const sync = new SnapshotSync({ cloudUrl: 'http://127.0.0.1:9', apiKey: 'tg_bench_key_000000000', dataDir: dir, timeoutMs: 1_000, clock: Date.now, log: quiet });
  await sync.loadFromDisk();
  const index = sync.current()?.index;
  if (index === undefined) throw new Error('edge-inproc: the snapshot did not load');
  // As the server has them: flat strings decoded from the request's bytes.
  const sample = bodies(prefixes, 2_000).map((body) => Buffer.from(body).toString('utf8'));
  const roots: [string, string][] = [['current', resolve(import.meta.dirname, '..')]];
  const base = option('--base');
  if (base !== undefined) roots.push(['base', resolve(base)]);
  const variants: Variant[] = [];
  for (const [name, root] of roots) {
    variants.push({ name, answer: await answerOf(root, dir, index), nsPerCall: [], cpuNsPerCall: [], bytesPerCall: [], retainedPerCall: [] });
  }
  await warm(variants, sample);
  const seconds = option('--seconds');
  if (seconds !== undefined) return loopFor(variants[0]!, sample, Number(seconds));
  const rounds = Number(option('--rounds') ?? 120);
  const block = Number(option('--block') ?? 500);
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) timed(variant, sample, round * block, block);
    for (const variant of order) allocation(variant, sample, round * ALLOCATION_CALLS);
  }
  for (let round = 0; round < 6; round += 1) for (const variant of variants) retention(variant, sample, uuidPrefixOf(sample));
  report(variants);
}

/**
 * For a profile: one variant, timed blocks until `seconds` have passed. With `--alloc-prof FILE`
 * a sampling heap profile of everything the loop allocated, garbage included (`--heap-prof`
 * keeps only what is still alive at the end), is written to FILE (a .heapprofile).
 */
async function loopFor(variant: Variant, sample: readonly string[], seconds: number): Promise<void> {
  // `--live-prof FILE`: the same, but only what is still alive at the end (the calls' state).
  const live = option('--live-prof');
  const allocProfile = option('--alloc-prof') ?? live;
  const session = allocProfile === undefined ? null : new Session();
  session?.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((done, fail) => session!.post(method, params, (error, result) => (error ? fail(error) : done(result))));
  if (session !== null) {
    const collected = live === undefined;
    await post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: collected, includeObjectsCollectedByMinorGC: collected });
  }
  const until = Date.now() + seconds * 1000;
  for (let from = 0; Date.now() < until; from += sample.length) timed(variant, sample, from, sample.length);
  if (session !== null) {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(allocProfile!, JSON.stringify(profile));
  }
  for (let i = 0; i < 10; i += 1) allocation(variant, sample, i * ALLOCATION_CALLS);
  report([variant]);
}

await main();
process.exit(0);
