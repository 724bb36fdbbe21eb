/**
 * What credit leases add to one authorization, in process (no HTTP, no loader: the difference is
 * small next to the socket work, so it is measured where it can be seen). The same snapshot as
 * `edge.auth` (1M-prefix decks, 100k accounts) and the same 2,000 wire-derived dialplan bodies,
 * answered by the edge's answerer two ways, in alternating blocks so drift hits both alike:
 * - `edge.auth.in-process.no-leases`: funds from the snapshot (what the edge did before leases);
 * - `edge.auth.in-process.leases`: funds from each account's lease and a hold per call (the
 *   lease manager as the edge runs it, its cloud answering in process with far more than asked).
 * A body answered again is the same call asking again, so its previous hold and channel go back
 * first, as they do for a real second request: holds never pile up over the run.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelCounts } from '../core/authorization/channels';
import { CpsWindow } from '../core/authorization/cps';
import type { EdgeIndex } from '../core/authorization/edge-index';
import type { LeaseCallOutcome, LeaseGrantRequest, LeasesCloud, WireLease } from '../freeswitch-edge/cloud/leases-client';
import { EDGE_DEFAULTS } from '../freeswitch-edge/defaults';
import { readCallRequest, type CallRequest } from '../freeswitch-edge/http/call-fields';
import { snapshotAnswerer } from '../freeswitch-edge/http/snapshot-answerer';
import type { XmlCurlAnswerer } from '../freeswitch-edge/http/xml-curl';
import { leaseFileStore } from '../freeswitch-edge/leases/lease-file';
import { LeaseManager } from '../freeswitch-edge/leases/manager';
import { SnapshotSync } from '../freeswitch-edge/snapshot/sync';
import { bodies, prepareDataDir } from './edge-auth.bench';
import { throughputFromSamples, type BenchRow, type BenchSuite, type ThroughputRow } from './harness';

const ROUNDS = 40;
const quiet = () => undefined;

/** Grants whatever is asked, a thousand times over, at once: the cloud is not what is measured. */
export function generousCloud(): LeasesCloud {
  const leases = new Map<string, WireLease>();
  const answer = (lease: WireLease | undefined): Promise<LeaseCallOutcome> =>
    Promise.resolve(lease ? { ok: true, lease } : { ok: false, kind: 'refused', status: 404, code: 'lease_not_found' });
  return {
    grant(request: LeaseGrantRequest) {
      const now = Date.now();
      const level = (accountId: string) => ({ accountId, currency: 'USD', reservedMicros: Math.max(request.amountMicros, 1e12), consumedMicros: 0 });
      const lease: WireLease = {
        leaseId: request.leaseId, accountId: request.accountId, edgeId: 'bench', levels: [level(request.accountId), level('r1')],
        grantedMicros: request.amountMicros, grantedAtEpochMs: now, expiresAtEpochMs: now + 3_600_000, state: 'active',
        expectedCalls: null, settledCalls: 0, lateSettlements: 0, drained: false, topUps: [], writeOff: null, version: 1,
      };
      leases.set(lease.leaseId, lease);
      return answer(lease);
    },
    topUp: (leaseId) => answer(leases.get(leaseId)),
    close: (leaseId) => answer(leases.get(leaseId)),
    abandon: (leaseId) => answer(leases.get(leaseId)),
    list: () => Promise.resolve({ ok: true, leases: [] }),
  };
}

async function leaseManager(dir: string, index: EdgeIndex): Promise<LeaseManager> {
  const d = EDGE_DEFAULTS;
  const manager = new LeaseManager({
    cloud: generousCloud(),
    store: leaseFileStore(dir, quiet),
    clock: Date.now,
    newId: randomUUID,
    limits: { ttlSeconds: d.leaseTtlSeconds, skewMarginMs: d.leaseSkewMarginMs, renewAheadMs: d.leaseRenewAheadMs, idleCloseMs: d.leaseIdleCloseMs, retryAfterMs: d.leaseRetryAfterMs, waitMs: d.leaseWaitMs },
    maxCallSecondsOf: (accountId) => index.accounts.get(accountId)?.account.maxCallSeconds ?? null,
    log: quiet,
  });
  await manager.start(0);
  return manager;
}

/** Answers every request once, waiting where an answer waits (a first lease); all must bridge. */
async function warm(answerer: XmlCurlAnswerer, requests: readonly CallRequest[]): Promise<void> {
  for (const request of requests) {
    const document = await answerer.dialplan(request);
    if (!document.includes('application="bridge"')) throw new Error(`bench: a sample call is not authorized:\n${document}`);
  }
}

/**
 * One block: every request answered once, each timed on its own (an answer takes tens of µs,
 * so the timer's ~50 ns is noise; per-call times give the p99); answers that wait are a bug here.
 */
function block(answerer: XmlCurlAnswerer, requests: readonly CallRequest[], into: number[]): void {
  for (const request of requests) {
    const started = process.hrtime.bigint();
    const document = answerer.dialplan(request);
    into.push(Number(process.hrtime.bigint() - started));
    if (typeof document !== 'string') throw new Error('bench: a warmed call waited for money');
  }
}

const totalNs = (samples: readonly number[]) => samples.reduce((sum, ns) => sum + ns, 0);

/** Per-call samples, back to back: the time they add up to is the time the calls took. */
function row(name: string, samples: number[]): ThroughputRow {
  return throughputFromSamples(name, samples, totalNs(samples) / 1e6);
}

async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-edge-leases-'));
  try {
    const prefixes = await prepareDataDir(dir);
    const sync = new SnapshotSync({ cloudUrl: 'http://127.0.0.1:9', apiKey: 'tg_bench_key_000000000', dataDir: dir, timeoutMs: 1_000, clock: Date.now, log: quiet });
    await sync.loadFromDisk();
    const index = sync.current()?.index;
    if (index === undefined) throw new Error('bench: the snapshot did not load');
    const requests = bodies(prefixes, 2_000).map((body) => readCallRequest(body) ?? assertNever(body));
    const leases = await leaseManager(dir, index);
    const counters = () => ({ cps: new CpsWindow(), channels: new ChannelCounts() });
    const withLeases = snapshotAnswerer({ index, edgeId: 'bench', counters: { ...counters(), funds: leases }, leases, clock: Date.now, log: quiet });
    const without = snapshotAnswerer({ index, edgeId: 'bench', counters: counters(), clock: Date.now, log: quiet });
    await warm(withLeases, requests);
    await warm(without, requests);
    const on: number[] = [];
    const off: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      block(without, requests, off);
      block(withLeases, requests, on);
    }
    const offRow = row('edge.auth.in-process.no-leases', off);
    const onRow = row('edge.auth.in-process.leases', on);
    const costNs = totalNs(on) / on.length - totalNs(off) / off.length;
    return [
      offRow,
      onRow,
      { name: 'edge.auth.in-process.lease-cost', value: Math.round(costNs / 100) / 10, unit: 'µs per call (mean, leases − no leases)' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertNever(body: string): never {
  throw new Error(`bench: not a dialplan request: ${body.slice(0, 80)}`);
}

const suite: BenchSuite = { name: 'edge.auth.leases', run };
export default suite;
