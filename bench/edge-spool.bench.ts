/**
 * Edge CDR spool benchmarks: `edge.cdr-ack` (FreeSWITCH-style CDR POSTs acknowledged only after
 * fsync, 32 concurrent connections, real HTTP on loopback, the load generator in the same
 * process), `edge.spool-drain` (CDRs/s shipped after an outage to a stand-in cloud route that
 * accepts everything — the local cloud pipeline replaces it once it exists) and `edge.recover`
 * (start-up with a 100k-record spool and a torn tail).
 */
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { parseEdgeConfig } from '../freeswitch-edge/config';
import { startEdge } from '../freeswitch-edge/main';
import { CdrSpool } from '../freeswitch-edge/spool/spool';
import type { BenchRow, BenchSuite } from './harness';

const CDR = readFileSync(join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch', 'json-cdr-answered-2018-fs1.6plus-cgrates.json'), 'utf8');

function edgeConfig(cloudUrl: string, dataDir: string) {
  const parsed = parseEdgeConfig({ listen: '127.0.0.1:0', cloudUrl, apiKey: 'tg_bench_key_000000000', dataDir, freeswitch: { switchName: 'bench', domain: 'bench' } });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.config;
}

async function cdrAck(dataDir: string): Promise<BenchRow[]> {
  const edge = await startEdge(edgeConfig('http://127.0.0.1:9', dataDir), () => undefined);
  try {
    const result = await autocannon({ url: `${edge.url}/freeswitch/cdr`, method: 'POST', body: CDR, connections: 32, amount: 20_000, headers: { 'content-type': 'application/json' } });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`bench: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return [{
      name: 'edge.cdr-ack',
      n: result.requests.total,
      opsPerSec: Math.floor(result.requests.average),
      p50Ns: Math.round(result.latency.p50 * 1e6),
      p99Ns: Math.round(result.latency.p99 * 1e6),
    }];
  } finally {
    await edge.close();
  }
}

async function drain(dataDir: string, expected: number): Promise<BenchRow[]> {
  let accepted = 0;
  const cloud = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      // Only the CDR route: the edge's snapshot and lease calls get a 404 here.
      if (request.method !== 'POST' || request.url !== '/edge/cdrs') return void response.writeHead(404).end();
      accepted += (JSON.parse(body) as { cdrs: unknown[] }).cdrs.length;
      response.writeHead(202).end();
    });
  });
  cloud.listen(0, '127.0.0.1');
  await once(cloud, 'listening');
  const started = performance.now();
  const edge = await startEdge(edgeConfig(`http://127.0.0.1:${(cloud.address() as AddressInfo).port}`, dataDir), () => undefined);
  while (edge.health().spoolDepth > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const elapsedMs = performance.now() - started;
  await edge.close();
  cloud.close();
  if (accepted < expected) throw new Error(`bench: drained ${accepted} of ${expected}`);
  return [{ name: 'edge.spool-drain', value: Math.floor(expected / (elapsedMs / 1000)), unit: `CDRs/s (${expected} CDRs, stand-in cloud)` }];
}

async function recover(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-recover-'));
  try {
    const { spool } = await CdrSpool.open(dir, { clock: () => 0 });
    const payload = Buffer.from(JSON.stringify({ kind: 'parsed', pad: 'x'.repeat(900) }));
    for (let i = 0; i < 100_000; i += 1000) {
      await Promise.all(Array.from({ length: 1000 }, () => spool.append(payload)));
    }
    await spool.close();
    const newest = readdirSync(dir).filter((f) => f.endsWith('.seg')).sort().pop() ?? '';
    appendFileSync(join(dir, newest), Buffer.from([0x20, 0x00, 0x00]));
    const started = performance.now();
    const reopened = await CdrSpool.open(dir, { clock: () => 0 });
    const elapsedMs = performance.now() - started;
    if (reopened.recovery.records !== 100_000 || reopened.recovery.tornTail === null) throw new Error('bench: bad recovery');
    await reopened.spool.close();
    return [{ name: 'edge.recover', value: Math.round(elapsedMs), unit: 'ms (100k records, torn tail)' }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  name: 'edge.spool',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-edge-'));
    try {
      const ack = await cdrAck(dataDir);
      return [...ack, ...(await drain(dataDir, ack[0] && 'n' in ack[0] ? ack[0].n : 0)), ...(await recover())];
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
export default suite;
