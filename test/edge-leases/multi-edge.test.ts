// Proves credit leases end to end on DynamoDB Local with the real API and three edges driven by
// the FreeSWITCH emulator: one account (c3) with 10.00 available calls on all edges; the cloud
// is cut mid-way (the edges go on from the leases they hold, then refuse); one edge, a separate
// process, is killed with SIGKILL while its calls are up and restarted (their CDRs arrive
// after). Then: total charged ≤ 10.00 at the account and at each reseller above it, every
// refusal is a dialplan hangup with the pinned cause, and after settlement every lease is
// closed or released with nothing left reserved.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../functions/shared/auth/api-keys';
import { DynamoDirectory } from '../../functions/shared/dynamo/directory';
import { LeaseStore } from '../../functions/shared/dynamo/lease-store';
import { parseEdgeConfig } from '../../freeswitch-edge/config';
import { startEdge, type RunningEdge } from '../../freeswitch-edge/main';
import { FreeSwitchEmulator, type CallOutcome, type InboundCall } from '../freeswitch-emulator';
import { startTestApi, type TestApi } from '../support/api';
import { Gate } from './gate';

const DOMAIN = '172.31.2.115';
const CHAIN = ['c3', 'r1a', 'r1'];
/** Edges' clocks run this far ahead once the calls are over: every lease is past its expiry. */
const AFTER_EXPIRY_MS = 6 * 3_600_000;

let api: TestApi;
let cloud: Gate;
let clockOffsetMs = 0;
const clock = () => Date.now() + clockOffsetMs;
const running: RunningEdge[] = [];
/** Edge processes, killed after the tests whatever happened (a failed test must not leave one). */
const children: ChildProcess[] = [];
const logs: { edge: string; event: string; fields: Record<string, unknown> }[] = [];
const outcomes: CallOutcome[] = [];

function configOf(name: string, apiKey: string, dataDir: string, errLogDir?: string) {
  return {
    listen: '127.0.0.1:0',
    cloudUrl: cloud.url,
    apiKey,
    dataDir,
    edgeId: name,
    freeswitch: { switchName: name, domain: DOMAIN, ...(errLogDir ? { errLogDir } : {}) },
    limits: { snapshotPollMs: 60_000, leaseUpkeepMs: 100, leaseRetryAfterMs: 300, leaseWaitMs: 4_000, sendBatchAgeMs: 50 },
  };
}

async function inProcessEdge(name: string, apiKey: string, dataDir: string, errLogDir?: string): Promise<RunningEdge> {
  const parsed = parseEdgeConfig(configOf(name, apiKey, dataDir, errLogDir));
  if (!parsed.ok) throw new Error(parsed.message);
  const edge = await startEdge(parsed.config, (event, fields) => logs.push({ edge: name, event, fields }), { clock });
  running.push(edge);
  return edge;
}

/** The edge as its own process (SIGKILL-able); resolves with its URL once it listens. */
function processEdge(name: string, apiKey: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const file = join(dataDir, '..', `${name}.json`);
  writeFileSync(file, JSON.stringify(configOf(name, apiKey, dataDir)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/edge-leases/edge-process.ts', 'edge', '--config', file], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /edge listening on (\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`edge ${name} exited ${code}: ${out}`)));
  });
}

async function edgeKey(name: string): Promise<string> {
  const key = issueApiKey(name);
  const directory = new DynamoDirectory(api.dynamo.documents, api.dynamo.names.directory);
  await directory.putApiKey({ keyId: key.keyId, secretHash: key.secretHash, role: 'edge', accountId: 'op', name });
  return key.apiKey;
}

function emulator(xmlUrl: string, cdrUrl: string, errLogDir: string): FreeSwitchEmulator {
  return new FreeSwitchEmulator({
    bindings: [{ gatewayUrl: `${xmlUrl}/freeswitch/xml`, timeoutSeconds: 5 }],
    staticXml: null,
    msPerSecond: 1000,
    // The switch's clock is now: the cloud rates the CDRs at the deck versions in force then.
    startUs: Date.now() * 1000,
    challengeDigest: true,
    jsonCdr: { urls: [`${cdrUrl}/freeswitch/cdr`], msPerSecond: 20, retries: 2, delaySeconds: 1, errLogDirs: [errLogDir] },
  });
}

let sequence = 0;
/** A c3 caller (digest user 1010) calling London for up to 40 minutes. */
async function call(fs: FreeSwitchEmulator): Promise<CallOutcome> {
  sequence += 1;
  const inbound: InboundCall = {
    uuid: crypto.randomUUID(),
    callerNumber: '1010',
    fromHost: DOMAIN,
    destination: `4420794600${String(sequence % 100).padStart(2, '0')}`,
    context: 'default',
    sourceIp: '198.18.0.7',
    auth: { kind: 'digest', user: '1010', realm: DOMAIN, password: 'tollgate-1010-demo' },
  };
  const outcome = await fs.call(inbound, { talkSeconds: 2_400 });
  outcomes.push(outcome);
  return outcome;
}

const calls = (fs: FreeSwitchEmulator, count: number) => Promise.all(Array.from({ length: count }, () => call(fs)));

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(logs.slice(-5))}`);
}

async function balances(): Promise<Map<string, { balanceMicros: number; reservedMicros: number }>> {
  const out = new Map<string, { balanceMicros: number; reservedMicros: number }>();
  for (const id of CHAIN) {
    const balance = (await api.deps.ledger.getBalance(id)) as { balanceMicros: number; reservedMicros?: number };
    out.set(id, { balanceMicros: balance.balanceMicros, reservedMicros: balance.reservedMicros ?? 0 });
  }
  return out;
}

beforeAll(async () => {
  api = await startTestApi();
  cloud = new Gate(api.baseUrl);
  await cloud.start();
  const token = await api.login('admin');
  // Limits off for the chain: this test is about money, not calls per second.
  for (const id of CHAIN) {
    const changed = await api.request('PATCH', `/accounts/${id}`, { token, body: { cpsLimit: 0, maxChannels: 0 } });
    expect(changed.status, changed.text).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  for (const edge of running) await edge.close().catch(() => undefined);
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await cloud?.stop();
  await api?.close();
});

describe('credit leases over three edges, a cut cloud and a killed edge', () => {
  it('never charges more than the account had; every lease ends closed or released', async () => {
    const root = mkdtempSync(join(tmpdir(), 'multi-edge-'));
    const dir = (name: string) => mkdtempSync(join(root, `${name}-`));
    const before = await balances();
    expect(before.get('c3')!.balanceMicros).toBe(10_000_000);
    const keyB = await edgeKey('edgebkey');
    const keyC = await edgeKey('edgeckey');
    const edgeA = await inProcessEdge('edge-a', api.seed.edgeApiKey, dir('a'));
    const dataB = dir('b');
    const errLogB = dir('b-err');
    const processB = await processEdge('edge-b', keyB, dataB);
    const edgeC = await inProcessEdge('edge-c', keyC, dir('c'));
    await until('snapshots', () => [edgeA, edgeC].every((edge) => edge.health().snapshotVersion !== null));
    await until('edge-b snapshot', async () => ((await (await fetch(`${processB.url}/health`)).json()) as { snapshotVersion: unknown }).snapshotVersion !== null);
    const cdrsToB = new Gate(processB.url);
    const fsA = emulator(edgeA.url, edgeA.url, dir('a-err'));
    const fsB = emulator(processB.url, await cdrsToB.start(), errLogB);
    const fsC = emulator(edgeC.url, edgeC.url, dir('c-err'));

    // Phase 1, the cloud up: each edge takes a lease at its first call.
    await Promise.all([call(fsA), call(fsB), call(fsC)]);
    expect(outcomes.map((o) => o.variables.tollgate_reason ?? o.kind)).toEqual(['bridged', 'bridged', 'bridged']);

    // Phase 2: two calls are up on edge B (their CDRs held) when it is killed with SIGKILL.
    cdrsToB.set('held');
    const upOnB = [call(fsB)];
    await until('a call up on B', () => cdrsToB.parkedCount() >= 1);
    upOnB.push(call(fsB));
    await until('two calls up on B', () => cdrsToB.parkedCount() >= 2);
    processB.child.kill('SIGKILL');
    await Promise.all([calls(fsA, 3), calls(fsC, 3)]);
    // The cloud is cut: A and C go on from the leases they hold, then refuse.
    cloud.set('cut');
    const duringCut = (await Promise.all([calls(fsA, 4), calls(fsC, 4)])).flat();
    for (const outcome of duringCut) {
      const fact = outcome.kind === 'bridged' ? outcome.variables.tollgate_lease : outcome.variables.tollgate_reason;
      expect(fact, outcome.kind).toMatch(outcome.kind === 'bridged' ? /^[0-9a-f-]{36}$/ : /^insufficient_funds$/);
    }
    // Restarted with the cloud still cut: its leases are abandoned, it has no money to spend.
    const edgeB = await inProcessEdge('edge-b', keyB, dataB, errLogB);
    const fsB2 = emulator(edgeB.url, edgeB.url, dir('b2-err'));
    const refusedOnB = await call(fsB2);
    expect(refusedOnB).toMatchObject({ kind: 'refused', hangupCause: 'CALL_REJECTED' });
    expect(refusedOnB.variables.tollgate_reason).toBe('insufficient_funds');
    expect(edgeB.health().leases).toMatchObject({ active: 0 });
    expect(edgeB.health().leases!.abandoned).toBeGreaterThan(0);

    // Phase 3: the cloud is back; B's held CDRs reach the restarted B; more calls everywhere.
    cloud.set('open');
    cdrsToB.target = edgeB.url;
    cdrsToB.set('open');
    // B's calls that were up when it died: bridged on its lease, their CDRs taken by the new B.
    const upWhenKilled = await Promise.all(upOnB);
    expect(upWhenKilled.map((o) => [o.kind, o.cdrPosts.every((post) => post.delivered)])).toEqual([
      ['bridged', true],
      ['bridged', true],
    ]);
    const killedLease = upWhenKilled[0]!.variables.tollgate_lease;
    expect(upWhenKilled[1]!.variables.tollgate_lease).toBe(killedLease);
    await Promise.all([calls(fsA, 6), calls(fsB2, 6), calls(fsC, 6)]);

    // Settlement: the edges' clocks pass every expiry; leases close, abandoned ones are drained.
    clockOffsetMs = AFTER_EXPIRY_MS;
    const edges = [edgeA, edgeB, edgeC];
    await until('every lease closed or reported', () =>
      edges.every((edge) => {
        const leases = edge.health().leases!;
        const held = leases.active + leases.retired + leases.abandoned + leases.obtaining + leases.unanswered;
        return held === 0 && edge.health().spoolDepth === 0;
      }),
    );
    const sweeper = new LeaseStore({ ...api.deps.cdrs.rater.leases.deps, clock: { nowEpochMs: () => Date.now() + AFTER_EXPIRY_MS } });
    const token = await api.login('admin');
    const holding = await api.request('GET', '/accounts/c3/leases', { token });
    for (const lease of holding.json.leases as { leaseId: string; state: string }[]) {
      if (lease.state === 'abandoned') expect(await sweeper.release('c3', lease.leaseId)).toMatchObject({ ok: true });
    }

    // Assess
    const after = await balances();
    const left = await api.request('GET', '/accounts/c3/leases', { token });
    expect(left.json).toMatchObject({ leases: [], outstandingMicros: 0 });
    // The killed edge's lease was abandoned, confirmed drained once its calls' CDRs were shipped.
    const reports = logs.filter((l) => l.edge === 'edge-b' && l.event === 'lease_abandoned' && l.fields.leaseId === killedLease);
    expect(reports.map((l) => l.fields.drained)).toEqual([false, true]);
    for (const id of CHAIN) {
      const charged = before.get(id)!.balanceMicros - after.get(id)!.balanceMicros;
      expect(charged, `${id} charged`).toBeLessThanOrEqual(before.get(id)!.balanceMicros);
      expect(after.get(id)!.reservedMicros, `${id} reserved`).toBe(0);
    }
    const chargedC3 = before.get('c3')!.balanceMicros - after.get('c3')!.balanceMicros;
    // Most of it was spent (calls outlast every lease), never more than there was.
    expect(chargedC3).toBeGreaterThan(5_000_000);
    expect(chargedC3).toBeLessThanOrEqual(10_000_000);
    const refused = outcomes.filter((o) => o.kind !== 'bridged');
    expect(refused.length).toBeGreaterThan(0);
    for (const outcome of refused) {
      expect(outcome).toMatchObject({ kind: 'refused', via: 'dialplan' });
      expect(['CALL_REJECTED', 'SWITCH_CONGESTION']).toContain(outcome.hangupCause);
      expect(outcome.variables.tollgate_reason).toBeTruthy();
    }
    const bridged = outcomes.filter((o) => o.kind === 'bridged');
    expect(bridged.every((o) => o.variables.tollgate_lease !== undefined)).toBe(true);
  }, 180_000);
});
