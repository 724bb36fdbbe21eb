/**
 * Edge authorization benchmarks, load from a second process (Debian's wrk, or without it a Node
 * paced loader and autocannon, in child processes: the load generator does not share the
 * edge's event loop):
 * - `edge.auth.rate-2000`: p50/p99 of real dialplan bodies (the 2019 wire capture with varied
 *   callers' addresses and Zipf-drawn callees) at a fixed 2,000 req/s; goal p99 < 0.5 ms;
 *   `edge.ceiling.rate-2000`: the same loader on a bare node:http server in the same run, and
 *   `edge.floor.nginx.rate-2000` on nginx (C) when it is installed: the machine's own floor;
 * - `edge.auth.max`, `edge.ceiling.max`: max req/s of the edge and of the bare server answering
 *   the edge's own answer as a fixed document, same load in the same run; goal edge/ceiling ≥ 0.6.
 *   Debian's `wrk` (C, one thread: it leaves more of the two cores to the server) when it is on
 *   the PATH, else autocannon — the row's unit says which;
 * - `edge.auth.max.cpu-per-request`, `edge.ceiling.max.cpu-per-request` and their ratio: user +
 *   system CPU from /proc over the max runs, which does not depend on the share of the shared
 *   cores each process got (the throughput ratio does);
 * - `edge.auth.rate-2000.in-edge`, `edge.auth.max.in-edge`: the edge's own p50/p99 (arrival to
 *   write, `/health`'s `answerTimes`, last 4,096 answers) after each of those loads;
 * - `edge.rss` (the edge's resident memory with the snapshot) and `edge.start` (spawn → listening,
 *   from disk). Snapshot: 100k accounts (device + ACL each), 1M-prefix decks.
 * The edge runs as `tollgate edge --config FILE` (the production bundle, `npm run build`); its
 * cloud is a stand-in process that grants every credit lease asked for (the edge authorizes
 * calls against leases) and accepts snapshot polls (304) and CDRs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AnswerTimesSummary } from '../freeswitch-edge/http/answer-times';
import { writeSnapshot } from '../freeswitch-edge/snapshot/snapshot-store';
import { bytesOf, customerIp, syntheticSnapshot } from '../test/edge-auth/synthetic-snapshot';
import type { BenchRow, BenchSuite } from './harness';
import { startNginxFloor } from './nginx-floor';
import { syntheticRates, zipfNumbers } from './synthetic-deck';

const ACCOUNTS = 100_000;
const PREFIXES = 1_000_000;
const SECONDS = 8;
const WIRE = readFileSync(join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch', 'dialplan-request-2019-wire-derived.txt'), 'utf8');

export function prepareDataDir(dir: string): Promise<string> {
  const rates = [...syntheticRates(PREFIXES, 7)].map((r) => [r.prefix, r.perMinuteMicros] as const);
  const { content, decks } = syntheticSnapshot({ customers: ACCOUNTS, rates });
  mkdirSync(join(dir, 'decks'), { recursive: true });
  for (const [hash, deck] of decks) writeFileSync(join(dir, 'decks', `${hash}.tgdeck`), bytesOf(deck));
  const body = Buffer.from(JSON.stringify(content));
  return writeSnapshot(join(dir, 'snapshot'), { version: 'bench', syncedAtEpochMs: Date.now() }, body).then(() =>
    JSON.stringify(rates.map(([prefix]) => prefix)),
  );
}

/**
 * Bodies as FreeSWITCH sends them, each a call of its own (its uuid: calls hold a channel and a
 * share of a lease under it) from a different customer address to a Zipf-drawn callee. Cycling
 * through them repeats a uuid only for the same account: FreeSWITCH asking again for that call.
 */
export function bodies(prefixesJson: string, count: number): string[] {
  const numbers = zipfNumbers(JSON.parse(prefixesJson) as string[], count, 11);
  const fixtureUuid = /&Unique-ID=([0-9a-f-]{36})&/.exec(WIRE)?.[1];
  if (fixtureUuid === undefined) throw new Error('bench: the capture has no Unique-ID');
  return numbers.map((number, i) =>
    WIRE.replaceAll('x.x.x.x', customerIp((i * 7919) % ACCOUNTS))
      .replaceAll('9999999999', number)
      .replaceAll(fixtureUuid, `${fixtureUuid.slice(0, 24)}${String(i).padStart(12, '0')}`),
  );
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${text}`)));
  });
}

const LOADER = `
const autocannon = require('autocannon');
const { url, bodies, rate, seconds } = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const requests = bodies.map((body) => ({ method: 'POST', body }));
autocannon({ url, connections: rate ? 16 : 32, duration: seconds, requests, ...(rate ? { overallRate: rate } : {}) },
  (error, result) => {
    if (error) throw error;
    process.stdout.write(JSON.stringify({ rps: result.requests.average, total: result.requests.total,
      p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors }));
  });
`;

/**
 * Fixed rate with µs resolution (autocannon reports whole milliseconds and its rate limiter
 * sends in bursts, which showed as a ~0.5 s p99 on the bare ceiling too): requests are sent on
 * a 1 ms schedule over keep-alive sockets, each timed from when it was written. Timing from the
 * scheduled instant instead measured the loader's timer lag (p50 1.2 ms on the bare ceiling).
 */
const PACED = `
const http = require('http');
const { url, bodies, rate, seconds } = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const target = new URL(url);
const total = rate * seconds, intervalNs = 1e9 / rate, latencies = [];
let sent = 0, done = 0, errors = 0;
const start = process.hrtime.bigint();
function finish() {
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  process.stdout.write(JSON.stringify({ rps: rate, total, p50Ns: q(0.5), p99Ns: q(0.99), errors }));
  agent.destroy();
}
function fire(i) {
  const sentAt = process.hrtime.bigint();
  const body = bodies[i % bodies.length];
  const request = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
    headers: { 'content-length': Buffer.byteLength(body) } }, (response) => {
    response.resume();
    response.on('end', () => {
      if (response.statusCode !== 200) errors += 1;
      latencies.push(Number(process.hrtime.bigint() - sentAt));
      if (++done === total) finish();
    });
  });
  request.on('error', () => { errors += 1; if (++done === total) finish(); });
  request.end(body);
}
(function tick() {
  const due = Math.min(total, Math.floor(Number(process.hrtime.bigint() - start) / intervalNs) + 1);
  while (sent < due) fire(sent++);
  if (sent < total) setTimeout(tick, 1);
})();
`;

async function paced(url: string, sample: string[], rate: number) {
  const params = join(tmpdir(), `edge-auth-paced-${process.pid}.json`);
  writeFileSync(params, JSON.stringify({ url, bodies: sample, rate, seconds: SECONDS }));
  const child = spawn(process.execPath, ['-e', PACED, params], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const result = JSON.parse(out) as { rps: number; total: number; p50Ns: number; p99Ns: number; errors: number };
  if (result.errors > 0) throw new Error(`bench: ${result.errors} failed requests`);
  return result;
}

async function load(url: string, sample: string[], rate: number | null, seconds = SECONDS) {
  const params = join(tmpdir(), `edge-auth-load-${process.pid}.json`);
  writeFileSync(params, JSON.stringify({ url, bodies: sample, rate, seconds }));
  const child = spawn(process.execPath, ['-e', LOADER, params], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const result = JSON.parse(out) as { rps: number; total: number; p50: number; p99: number; non2xx: number; errors: number };
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`bench: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

/**
 * A cloud that says yes: snapshot unchanged, every lease granted (customer and reseller level)
 * with far more than asked — the bench sends no CDRs, so its calls never give their holds back.
 */
const CLOUD = `
const leases = new Map();
require('http').createServer((req, res) => {
  let text = ''; req.on('data', (c) => (text += c)); req.on('end', () => {
    const reply = (status, body) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    const body = text ? JSON.parse(text) : {};
    const url = req.url.split('?')[0];
    if (url === '/edge/snapshot') { res.writeHead(304); return res.end(); }
    if (url === '/edge/cdrs') return reply(202, { accepted: (body.cdrs || []).length });
    if (url === '/edge/leases' && req.method === 'GET') return reply(200, { leases: [] });
    if (url === '/edge/leases') {
      const now = Date.now(), level = (accountId) => ({ accountId, currency: 'USD', reservedMicros: Math.max(body.amountMicros, 1e12), consumedMicros: 0 });
      const lease = { leaseId: body.leaseId, accountId: body.accountId, edgeId: 'bench', levels: [level(body.accountId), level('r1')],
        grantedAtEpochMs: now, expiresAtEpochMs: now + (body.ttlSeconds || 3600) * 1000, state: 'active', settledCalls: 0, lateSettlements: 0, version: 1 };
      leases.set(lease.leaseId, lease); return reply(201, { lease });
    }
    const [, , , id, action] = url.split('/');
    const lease = leases.get(decodeURIComponent(id || ''));
    if (!lease) return reply(404, { code: 'lease_not_found' });
    if (action === 'top-up') for (const l of lease.levels) l.reservedMicros += body.amountMicros;
    else lease.state = action === 'close' ? 'closed' : 'abandoned';
    lease.version += 1; return reply(200, { lease });
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write('listening on http://127.0.0.1:' + this.address().port + '\\n'); });
`;

/** wrk's Lua: POST the sample bodies in turn; print rps and latency percentiles (µs) as JSON. */
const WRK_SCRIPT = `
local bodies, i = {}, 0
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", nil, nil, bodies[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"rps":%.1f,"total":%d,"p50":%d,"p99":%d,"non2xx":%d,"errors":%d}',
    summary.requests / (summary.duration / 1e6), summary.requests, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
`;

const HAS_WRK = spawnSync('wrk', ['--version']).error === undefined;

/** Max req/s with wrk (one thread, 32 connections) when installed, else autocannon. */
async function maxLoad(url: string, sample: string[], seconds = SECONDS, warmUp = false) {
  if (!HAS_WRK) {
    const result = await load(url, sample, null, seconds);
    return { rps: result.rps, total: result.total, p50Ns: result.p50 * 1e6, p99Ns: result.p99 * 1e6 };
  }
  const result = await runWrk(url, sample, { seconds, connections: 32, script: WRK_SCRIPT });
  // The warm-up may time out while every account's first lease is granted; the measures may not.
  if (!warmUp && (result.non2xx > 0 || result.errors > 0)) throw new Error(`bench: wrk saw ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.rps, total: result.total, p50Ns: result.p50 * 1e3, p99Ns: result.p99 * 1e3 };
}

/**
 * About `rate` req/s from wrk (C, µs timing) when installed, else the Node loader (`paced`):
 * PACED_CONNECTIONS connections, each waiting a random whole number of milliseconds (0 to
 * 2m − 1, mean m − ½; m = connections / rate) before its next request; the half millisecond
 * short stands for the answer's own time and wrk's timer rounding, so the connections together
 * send about `rate` a second (the row shows the rate reached). wrk times each request from its
 * write to its answer, so the wait is not in the latency. The Node loader's own event loop added its delays to every figure it took (the
 * bare server's p99 read 2.4–3.5 ms with it, 1.0–1.5 ms with wrk).
 */
async function fixedRate(url: string, sample: string[], rate: number) {
  if (!HAS_WRK) return paced(url, sample, rate);
  const meanDelayMs = Math.max(1, Math.round((PACED_CONNECTIONS * 1000) / rate));
  const script = `${WRK_SCRIPT}\ndelay = function() return math.random(0, ${2 * meanDelayMs - 1}) end\n`;
  const result = await runWrk(url, sample, { seconds: SECONDS, connections: PACED_CONNECTIONS, script });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`bench: wrk saw ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: Math.round(result.rps), total: result.total, p50Ns: result.p50 * 1e3, p99Ns: result.p99 * 1e3, errors: 0 };
}
const PACED_CONNECTIONS = 16;

/** One wrk run (one thread) with `script`, which prints the JSON result line. */
async function runWrk(url: string, sample: string[], options: { seconds: number; connections: number; script: string }) {
  const script = join(tmpdir(), `edge-auth-wrk-${process.pid}.lua`);
  const bodiesFile = join(tmpdir(), `edge-auth-wrk-${process.pid}.txt`);
  writeFileSync(script, options.script);
  writeFileSync(bodiesFile, sample.map((body) => body.replace(/\n/g, '')).join('\n'));
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '10s', '-s', script, url];
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BODIES: bodiesFile } });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const json = /\{"rps".*\}/.exec(out)?.[0];
  if (json === undefined) throw new Error(`bench: wrk printed no result:\n${out}`);
  return JSON.parse(json) as { rps: number; total: number; p50: number; p99: number; non2xx: number; errors: number };
}

const CEILING = `
const body = require('fs').readFileSync(0, 'utf8');
const batched = process.argv[1] === 'batched';
const headers = { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) };
let pending = [];
const write = (res) => { res.writeHead(200, headers); res.end(body); };
const flush = () => { const answers = pending; pending = []; answers.forEach(write); };
require('http').createServer((req, res) => { req.resume(); req.on('end', () => {
  if (!batched) return write(res);
  if (pending.push(res) === 1) setImmediate(flush); }); })
  .listen(0, '127.0.0.1', function () { process.stdout.write('listening on http://127.0.0.1:' + this.address().port + '\\n'); });
`;

/** CPU seconds (user + system) the process has used so far, from /proc (Linux, 100 ticks/s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

/** Spawns `node -e script` and waits for its "listening on URL" line. */
async function listening(script: string, input?: string, args: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin!.end(input ?? '');
  return { child, url: await waitForLine(child, /listening on (\S+)/) };
}

async function post(url: string, body: string | undefined): Promise<string> {
  return (await fetch(url, { method: 'POST', body })).text();
}

/**
 * Profiling knobs: `EDGE_CPU_PROF=DIR npm run bench -- edge.auth` writes the edge's CPU profile
 * into DIR; `EDGE_LOG=FILE` keeps its log lines (stderr), `EDGE_STDOUT=FILE` its stdout (e.g.
 * with `EDGE_FLAGS=--trace-gc`, extra node flags for the edge only).
 */
function spawnEdge(config: string): ChildProcess {
  const profile = process.env.EDGE_CPU_PROF;
  const flags = [
    ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []),
    ...(process.env.EDGE_FLAGS ?? '').split(' ').filter(Boolean),
  ];
  const log = process.env.EDGE_LOG ? openSync(process.env.EDGE_LOG, 'w') : 'ignore';
  const child = spawn(process.execPath, [...flags, 'cli/bin.mjs', 'edge', '--config', config], { stdio: ['ignore', 'pipe', log] });
  if (process.env.EDGE_STDOUT) child.stdout!.on('data', (chunk: Buffer) => appendFileSync(process.env.EDGE_STDOUT!, chunk));
  return child;
}

const ms = (ns: number) => Math.round(ns);


async function run(): Promise<BenchRow[]> {
  // The edge runs the CLI bundle (`dist/cli.mjs`), not these sources: build it now, or the run
  // measures whatever was last built (it once measured a bundle older than a merged change).
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('edge.auth: building dist/cli.mjs failed');
  const dir = mkdtempSync(join(tmpdir(), 'bench-edge-auth-'));
  const config = join(dir, 'edge.json');
  const prefixes = await prepareDataDir(dir);
  const cloud = await listening(CLOUD);
  writeFileSync(config, JSON.stringify({ listen: '127.0.0.1:0', cloudUrl: cloud.url, apiKey: 'tg_bench_key_000000000', dataDir: dir, freeswitch: { switchName: 'bench', domain: 'sip.example' } }));
  const sample = bodies(prefixes, 2_000);
  if (!HAS_WRK) process.stderr.write('edge.auth: wrk is not installed, max req/s measured with autocannon\n');
  const started = performance.now();
  const edge = spawnEdge(config);
  const ceilings: ChildProcess[] = [];
  try {
    const edgeUrl = `${await waitForLine(edge, /edge listening on (\S+)/)}/freeswitch/xml`;
    const startMs = performance.now() - started;
    const authorized = await post(edgeUrl, sample[0]);
    if (!authorized.includes('application="bridge"')) throw new Error(`bench: the sample call is not authorized:\n${authorized}`);
    const bare = await listening(CEILING, authorized);
    const batched = await listening(CEILING, authorized, ['batched']);
    ceilings.push(bare.child, batched.child);
    // Steady state: a short warm-up (JIT, each account's first lease, first lookups of each deck
    // region) is not measured.
    await maxLoad(edgeUrl, sample, 3, true);
    const fixed = await fixedRate(edgeUrl, sample, 2_000);
    const fixedInEdge = await answerTimesOf(edgeUrl);
    const ceilingFixed = await fixedRate(bare.url, sample, 2_000);
    const floorFixed = await nginxFixed(authorized, sample);
    const edgeMax = await maxWithCpu(edgeUrl, edge.pid!, sample);
    const maxInEdge = await answerTimesOf(edgeUrl);
    const ceilingMax = await maxWithCpu(bare.url, bare.child.pid!, sample);
    const batchedMax = await maxWithCpu(batched.url, batched.child.pid!, sample);
    // The figures are of authorized calls: after all that load, calls still bridge.
    const after = await post(edgeUrl, sample[1]);
    if (!after.includes('application="bridge"')) throw new Error(`bench: calls are refused after the load:\n${after}`);
    return [
      ...fixedRateRows(fixed, ceilingFixed),
      ...(floorFixed ? [fixedRow('edge.floor.nginx.rate-2000', floorFixed)] : []),
      inEdgeRow('edge.auth.rate-2000.in-edge', fixedInEdge, fixed.rps),
      ...maxRows(edgeMax, ceilingMax, batchedMax),
      inEdgeRow('edge.auth.max.in-edge', maxInEdge, edgeMax.rps),
      { name: 'edge.rss', value: Math.round(rssBytes(edge.pid!) / 1048576), unit: 'MiB' },
      { name: 'edge.start', value: Math.round(startMs), unit: 'ms (spawn → listening, from disk)' },
    ];
  } finally {
    edge.kill('SIGTERM');
    for (const child of ceilings) child.kill('SIGTERM');
    cloud.child.kill('SIGTERM');
    await new Promise((resolve) => (edge.exitCode !== null ? resolve(null) : edge.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Max req/s, and the CPU (user + system, from /proc) the server `pid` spent per request meanwhile. */
async function maxWithCpu(url: string, pid: number, sample: string[]) {
  const before = cpuSeconds(pid);
  const max = await maxLoad(url, sample);
  return { ...max, cpuUs: ((cpuSeconds(pid) - before) * 1e6) / Math.max(1, max.total) };
}

/**
 * The edge's own time over its last 4,096 answers (arrival to write, from `/health`): the part
 * of the loader's round trip the edge spends, without the loopback and the VM's wake-ups.
 */
async function answerTimesOf(edgeUrl: string): Promise<AnswerTimesSummary> {
  const health = (await (await fetch(edgeUrl.replace('/freeswitch/xml', '/health'))).json()) as { answerTimes: AnswerTimesSummary | null };
  if (health.answerTimes === null) throw new Error('bench: the edge reports no answer times');
  return health.answerTimes;
}

/** `opsPerSec`: the load the times were taken under (the row's own count is the ring's). */
function inEdgeRow(name: string, times: AnswerTimesSummary, loadPerSec: number): BenchRow {
  return { name, n: times.answers, opsPerSec: Math.round(loadPerSec), p50Ns: times.p50Us * 1000, p99Ns: times.p99Us * 1000 };
}

type Fixed = Awaited<ReturnType<typeof paced>>;
type Max = Awaited<ReturnType<typeof maxWithCpu>>;
const ratio = (a: number, b: number) => Math.round((a / Math.max(1, b)) * 100) / 100;

function fixedRateRows(fixed: Fixed, ceiling: Fixed): BenchRow[] {
  return [
    fixedRow('edge.auth.rate-2000', fixed),
    fixedRow('edge.ceiling.rate-2000', ceiling),
    { name: 'edge.auth/ceiling.rate-2000-p50', value: ratio(fixed.p50Ns, ceiling.p50Ns), unit: 'ratio of p50 latencies' },
  ];
}

const fixedRow = (name: string, at: Fixed): BenchRow => ({ name, n: at.total, opsPerSec: at.rps, p50Ns: at.p50Ns, p99Ns: at.p99Ns });

/** The same fixed-rate load on nginx answering `document` (bench/nginx-floor.ts), if installed. */
async function nginxFixed(document: string, sample: string[]): Promise<Fixed | null> {
  const floor = await startNginxFloor(document);
  if (floor === null) return null;
  try {
    return await fixedRate(floor.url, sample, 2_000);
  } finally {
    await floor.stop();
  }
}

/**
 * The edge writes the answers of one event-loop turn together (answer-batch.ts); the issue's
 * ceiling is a bare server writing each answer as it is ready. `edge.ceiling.batched` is that
 * bare server batching its writes the same way, so the share of the gain that batching alone
 * buys is in the table too.
 */
function maxRows(edge: Max, ceiling: Max, batched: Max): BenchRow[] {
  const loader = HAS_WRK ? 'wrk -t1 -c32' : 'autocannon -c32 (wrk not installed)';
  const row = (name: string, max: Max): BenchRow => ({ name, n: max.total, opsPerSec: Math.round(max.rps), p50Ns: ms(max.p50Ns), p99Ns: ms(max.p99Ns) });
  const cpu = (name: string, max: Max): BenchRow => ({ name, value: Math.round(max.cpuUs), unit: 'µs of CPU (user + system) per request' });
  return [
    row('edge.auth.max', edge),
    row('edge.ceiling.max', ceiling),
    row('edge.ceiling.batched.max', batched),
    { name: 'edge.auth/ceiling', value: ratio(edge.rps, ceiling.rps), unit: `ratio of max req/s (${loader})` },
    { name: 'edge.auth/ceiling.batched', value: ratio(edge.rps, batched.rps), unit: 'ratio of max req/s' },
    // CPU per request: what each server costs whatever share of the shared cores it got.
    cpu('edge.auth.max.cpu-per-request', edge),
    cpu('edge.ceiling.max.cpu-per-request', ceiling),
    cpu('edge.ceiling.batched.max.cpu-per-request', batched),
    { name: 'edge.ceiling/auth.cpu-per-request', value: ratio(ceiling.cpuUs, edge.cpuUs), unit: 'ratio (≈ edge/ceiling max req/s on idle cores)' },
  ];
}

const suite: BenchSuite = { name: 'edge.auth', run };
export default suite;
