/**
 * Edge authorization benchmarks, load from a second process (a paced loader and autocannon in
 * child processes, so the load generator does not share the edge's event loop):
 * - `edge.auth.rate-2000`: p50/p99 of real dialplan bodies (the 2019 wire capture with varied
 *   callers' addresses and Zipf-drawn callees) at a fixed 2,000 req/s; goal p99 < 0.5 ms;
 * - `edge.auth.max`, `edge.ceiling.max`: max req/s of the edge and of a bare node:http server
 *   answering a fixed XML document, same load in the same run; goal edge/ceiling ≥ 0.6;
 * - `edge.rss` (the edge's resident memory with the snapshot) and `edge.start` (spawn → listening,
 *   from disk, cloud down). Snapshot: 100k accounts (device + ACL each), 1M-prefix decks.
 * The edge runs as `tollgate edge --config FILE` (the production bundle, `npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeSnapshot } from '../freeswitch-edge/snapshot/snapshot-store';
import { bytesOf, customerIp, syntheticSnapshot } from '../test/edge-auth/synthetic-snapshot';
import type { BenchRow, BenchSuite } from './harness';
import { syntheticRates, zipfNumbers } from './synthetic-deck';

const ACCOUNTS = 100_000;
const PREFIXES = 1_000_000;
const SECONDS = 8;
const WIRE = readFileSync(join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch', 'dialplan-request-2019-wire-derived.txt'), 'utf8');

function prepareDataDir(dir: string): Promise<string> {
  const rates = [...syntheticRates(PREFIXES, 7)].map((r) => [r.prefix, r.perMinuteMicros] as const);
  const { content, decks } = syntheticSnapshot({ customers: ACCOUNTS, rates });
  mkdirSync(join(dir, 'decks'), { recursive: true });
  for (const [hash, deck] of decks) writeFileSync(join(dir, 'decks', `${hash}.tgdeck`), bytesOf(deck));
  const body = Buffer.from(JSON.stringify(content));
  return writeSnapshot(join(dir, 'snapshot'), { version: 'bench', syncedAtEpochMs: Date.now() }, body).then(() =>
    JSON.stringify(rates.map(([prefix]) => prefix)),
  );
}

/** Bodies as FreeSWITCH sends them, each from a different customer address and callee. */
function bodies(prefixesJson: string, count: number): string[] {
  const numbers = zipfNumbers(JSON.parse(prefixesJson) as string[], count, 11);
  return numbers.map((number, i) =>
    WIRE.replaceAll('x.x.x.x', customerIp((i * 7919) % ACCOUNTS)).replaceAll('9999999999', number),
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

const CEILING = `
const body = require('fs').readFileSync(0, 'utf8');
require('http').createServer((req, res) => { req.resume(); req.on('end', () => {
  res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) }); res.end(body); }); })
  .listen(0, '127.0.0.1', function () { process.stdout.write('listening on http://127.0.0.1:' + this.address().port + '\\n'); });
`;

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-edge-auth-'));
  const config = join(dir, 'edge.json');
  const prefixes = await prepareDataDir(dir);
  writeFileSync(config, JSON.stringify({ listen: '127.0.0.1:0', cloudUrl: 'http://127.0.0.1:9', apiKey: 'tg_bench_key_000000000', dataDir: dir, freeswitch: { switchName: 'bench', domain: 'sip.example' } }));
  const sample = bodies(prefixes, 2_000);
  const started = performance.now();
  const edge = spawn(process.execPath, ['cli/bin.mjs', 'edge', '--config', config], { stdio: ['ignore', 'pipe', 'ignore'] });
  const ceiling = spawn(process.execPath, ['-e', CEILING], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const edgeUrl = await waitForLine(edge, /edge listening on (\S+)/);
    const startMs = performance.now() - started;
    const authorized = await (await fetch(`${edgeUrl}/freeswitch/xml`, { method: 'POST', body: sample[0] })).text();
    if (!authorized.includes('application="bridge"')) throw new Error(`bench: the sample call is not authorized:\n${authorized}`);
    ceiling.stdin!.end(authorized);
    const ceilingUrl = await waitForLine(ceiling, /listening on (\S+)/);
    // Steady state: a short warm-up (JIT, first lookups of each deck region) is not measured.
    await load(`${edgeUrl}/freeswitch/xml`, sample, null, 2);
    const fixed = await paced(`${edgeUrl}/freeswitch/xml`, sample, 2_000);
    const ceilingFixed = await paced(ceilingUrl, sample, 2_000);
    const edgeMax = await load(`${edgeUrl}/freeswitch/xml`, sample, null);
    const ceilingMax = await load(ceilingUrl, sample, null);
    // The figures are of authorized calls: after all that load, calls still bridge.
    const after = await (await fetch(`${edgeUrl}/freeswitch/xml`, { method: 'POST', body: sample[1] })).text();
    if (!after.includes('application="bridge"')) throw new Error(`bench: calls are refused after the load:\n${after}`);
    return [
      { name: 'edge.auth.rate-2000', n: fixed.total, opsPerSec: fixed.rps, p50Ns: fixed.p50Ns, p99Ns: fixed.p99Ns },
      { name: 'edge.ceiling.rate-2000', n: ceilingFixed.total, opsPerSec: ceilingFixed.rps, p50Ns: ceilingFixed.p50Ns, p99Ns: ceilingFixed.p99Ns },
      { name: 'edge.auth.max', n: edgeMax.total, opsPerSec: Math.round(edgeMax.rps), p50Ns: Math.round(edgeMax.p50 * 1e6), p99Ns: Math.round(edgeMax.p99 * 1e6) },
      { name: 'edge.ceiling.max', n: ceilingMax.total, opsPerSec: Math.round(ceilingMax.rps), p50Ns: Math.round(ceilingMax.p50 * 1e6), p99Ns: Math.round(ceilingMax.p99 * 1e6) },
      { name: 'edge.auth/ceiling', value: Math.round((edgeMax.rps / ceilingMax.rps) * 100) / 100, unit: 'ratio' },
      { name: 'edge.rss', value: Math.round(rssBytes(edge.pid!) / 1048576), unit: 'MiB' },
      { name: 'edge.start', value: Math.round(startMs), unit: 'ms (spawn → listening, from disk)' },
    ];
  } finally {
    edge.kill('SIGTERM');
    ceiling.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = { name: 'edge.auth', run };
export default suite;
