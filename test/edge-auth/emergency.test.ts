// Proves an emergency call end to end: the FreeSWITCH emulator sends a fixture-shaped dialplan
// request for 112 from a digest device whose account has no funds; the edge (snapshot from disk,
// cloud down) bridges it to the emergency trunk with `tollgate_emergency=true` and no refusal,
// max seconds or scheduled hangup; the CDR FreeSWITCH posts for it, sent to the real cloud
// (API + DynamoDB Local), is rated 0 with basis `emergency` and leaves the balance untouched.
// Then the same from a snapshot the real cloud built: the demo's emergency setting (set through
// the config table, trunk `t-sos`) reaches an edge that syncs from the API, and 112 and 999 from
// a zero-balance device created through the API bridge to that trunk; the CDR the edge forwards
// is rated 0.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCdr } from '../../core/freeswitch/parse-cdr';
import { parseEdgeConfig } from '../../freeswitch-edge/config';
import { startEdge, type RunningEdge } from '../../freeswitch-edge/main';
import { writeSnapshot } from '../../freeswitch-edge/snapshot/snapshot-store';
import { FreeSwitchEmulator, type InboundCall } from '../freeswitch-emulator';
import { startTestServer, type TestServer } from '../freeswitch-emulator/test-server';
import { startTestApi, type TestApi } from '../support/api';
import { bytesOf, syntheticSnapshot } from './synthetic-snapshot';

let api: TestApi;
let edge: RunningEdge;
let cdrSink: TestServer;
const cloudEdges: RunningEdge[] = [];

const SOS = {
  id: 'sos', accountId: 'op', name: 'emergency services', translationRules: '', ringTimeoutSeconds: 60,
  gateways: [{ host: '203.0.113.50', port: 5060, transport: 'udp' }],
};

/**
 * The edge's data dir: a synthetic snapshot (c1, a US account, has nothing to spend) with the
 * operator's emergency setting: the trunk, and 112 added to the US list (the default is 911).
 */
async function dataDirWithEmergency(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'edge-emergency-'));
  const { content, decks } = syntheticSnapshot({ customers: 2, rates: [['44', 20_000]], customerAvailableMicros: 0 });
  const withSos = { ...content, trunks: [...content.trunks, SOS], emergency: { trunkId: 'sos', numbersByCountry: { US: ['911', '112'] } } };
  mkdirSync(join(dir, 'decks'));
  for (const [hash, deck] of decks) writeFileSync(join(dir, 'decks', `${hash}.tgdeck`), bytesOf(deck));
  const body = Buffer.from(JSON.stringify(withSos));
  await writeSnapshot(join(dir, 'snapshot'), { version: 'emergency-test', syncedAtEpochMs: Date.now() }, body);
  return dir;
}

beforeAll(async () => {
  api = await startTestApi();
  cdrSink = await startTestServer(() => ({ status: 200, body: 'ok' }));
  const parsed = parseEdgeConfig({
    listen: '127.0.0.1:0', cloudUrl: 'http://127.0.0.1:9', apiKey: 'tg_test_key_000000000',
    dataDir: await dataDirWithEmergency(), edgeId: 'edge-sos',
    freeswitch: { switchName: 'fs1', domain: 'sip.example' },
  });
  if (!parsed.ok) throw new Error(parsed.message);
  edge = await startEdge(parsed.config, () => undefined);
});
afterAll(async () => {
  for (const started of cloudEdges) await started.close();
  await edge?.close();
  await cdrSink?.close();
  await api?.close();
});

const fromDevice = (destination: string): InboundCall => ({
  uuid: crypto.randomUUID(), callerNumber: '100001', fromHost: 'sip.example', destination, context: 'default',
  sourceIp: '198.18.0.7', auth: { kind: 'digest', user: '100001', realm: 'sip.example', password: 'pw1' },
});

describe('an emergency call from a device with no funds', () => {
  it('is bridged to the emergency trunk and rated 0 by the cloud', async () => {
    const fs = new FreeSwitchEmulator({
      bindings: [{ gatewayUrl: `${edge.url}/freeswitch/xml`, timeoutSeconds: 50 }],
      // 50 emulated seconds at 20 ms each: 1 s of real time for the edge to answer.
      staticXml: null, msPerSecond: 20, challengeDigest: true,
      jsonCdr: { urls: [cdrSink.url], msPerSecond: 20 },
    });
    // The account cannot pay for an ordinary call.
    const ordinary = await fs.call(fromDevice('442079460000'));
    expect(ordinary).toMatchObject({ kind: 'refused', hangupCause: 'CALL_REJECTED' });
    expect(ordinary, JSON.stringify(ordinary)).toMatchObject({ kind: 'refused' });
    expect(ordinary.variables.tollgate_reason, JSON.stringify(ordinary)).toBe('insufficient_funds');

    const sos = await fs.call(fromDevice('112'), { talkSeconds: 90 });
    expect(sos.kind).toBe('bridged');
    if (sos.kind !== 'bridged') return;
    expect(sos.endpoint.dialString).toBe('sofia/external/112@203.0.113.50:5060');
    expect(sos.maxDurationSeconds).toBeNull();
    expect(sos.variables).toMatchObject({ tollgate_account: 'c1', tollgate_emergency: 'true', tollgate_edge: 'edge-sos' });
    expect(sos.variables.tollgate_reason).toBeUndefined();
    expect(sos.variables.tollgate_max_seconds).toBeUndefined();
    expect(sos.bLegVariables).toMatchObject({ tollgate_trunk: 'sos' });

    const aLeg = cdrSink.requests.map((request) => parseCdr(request.body)).find(
      (parsed) => parsed.ok && parsed.value.leg === 'a' && parsed.value.callee === '112',
    );
    if (!aLeg?.ok) throw new Error('no A-leg CDR for the emergency call');
    expect(aLeg.value.tollgate).toMatchObject({ account: 'c1', emergency: 'true' });
    const before = (await api.deps.ledger.getBalance('c1'))!.balanceMicros;
    const sent = await api.request('POST', '/edge/cdrs', {
      apiKey: api.seed.edgeApiKey,
      body: { cdrs: [{ kind: 'parsed', source: 'http', receivedAtEpochMs: Date.now(), cdr: aLeg.value }] },
    });
    expect(sent.status, sent.text).toBe(202);
    const item = await api.deps.cdrs.rater.cdrs.get(aLeg.value.uuid);
    expect(item).toMatchObject({ status: 'rated', accountId: 'c1', basis: { kind: 'emergency' }, charges: [] });
    expect((await api.deps.ledger.getBalance('c1'))!.balanceMicros).toBe(before);
  });
});

describe('an emergency call against the snapshot the cloud built', () => {
  it('bridges 112 and 999 from a zero-balance device to the operator\'s emergency trunk', async () => {
    const admin = await api.login('admin');
    await expectCreated(api.request('POST', '/accounts', { token: admin, body: ZERO_ACCOUNT }));
    await expectCreated(
      api.request('POST', '/accounts/sos-c/devices', { token: admin, body: ZERO_DEVICE }),
    );
    const cloudEdge = await edgeOnCloud();
    const fs = new FreeSwitchEmulator({
      // 100 emulated seconds at 20 ms each: 2 s of real time (a lease request goes to the cloud).
      bindings: [{ gatewayUrl: `${cloudEdge.url}/freeswitch/xml`, timeoutSeconds: 100 }],
      staticXml: null, msPerSecond: 20, challengeDigest: true,
      jsonCdr: { urls: [`${cloudEdge.url}/freeswitch/cdr`], msPerSecond: 20 },
    });
    const ordinary = await fs.call(fromZeroDevice('442079460000'));
    expect(ordinary, JSON.stringify(ordinary)).toMatchObject({ kind: 'refused' });
    expect(ordinary.variables.tollgate_reason, JSON.stringify(ordinary)).toBe('insufficient_funds');
    const uuids: string[] = [];
    for (const number of ['112', '999']) {
      const call = fromZeroDevice(number);
      uuids.push(call.uuid);
      const sos = await fs.call(call, { talkSeconds: 30 });
      expect(sos.kind, JSON.stringify(sos.variables)).toBe('bridged');
      if (sos.kind !== 'bridged') return;
      expect(sos.endpoint.dialString).toBe(`sofia/external/${number}@198.51.100.112:5060`);
      expect(sos.variables).toMatchObject({ tollgate_account: 'sos-c', tollgate_emergency: 'true' });
      expect(sos.bLegVariables).toMatchObject({ tollgate_trunk: 't-sos' });
    }
    for (const uuid of uuids) {
      expect(await ratedCdr(uuid)).toMatchObject({
        accountId: 'sos-c', basis: { kind: 'emergency' }, charges: [],
      });
    }
    expect((await api.deps.ledger.getBalance('sos-c'))!.balanceMicros).toBe(0);
  });
});

const ZERO_ACCOUNT = {
  accountId: 'sos-c', parentId: 'r1', type: 'customer', currency: 'USD', mode: 'prepaid',
  number: 'SOS-1', name: 'No funds', timezone: 'UTC', country: 'US', rateGroupId: 'rg-r1',
};
const ZERO_DEVICE = { id: 'sos-dev', username: '4242', domain: '172.31.2.115', password: 'sos-device-pw' };

const fromZeroDevice = (destination: string): InboundCall => ({
  uuid: crypto.randomUUID(), callerNumber: '4242', fromHost: '172.31.2.115', destination, context: 'default',
  sourceIp: '198.18.0.9', auth: { kind: 'digest', user: '4242', realm: '172.31.2.115', password: 'sos-device-pw' },
});

async function expectCreated(response: Promise<{ status: number; text: string }>): Promise<void> {
  const answered = await response;
  expect(answered.status, answered.text).toBe(201);
}

/** An edge syncing from the API with the demo edge key; resolves once it holds a snapshot. */
async function edgeOnCloud(): Promise<RunningEdge> {
  const parsed = parseEdgeConfig({
    listen: '127.0.0.1:0', cloudUrl: api.baseUrl, apiKey: api.seed.edgeApiKey,
    dataDir: mkdtempSync(join(tmpdir(), 'edge-emergency-cloud-')), edgeId: 'edge-sos-cloud',
    freeswitch: { switchName: 'fs1', domain: '172.31.2.115' },
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const started = await startEdge(parsed.config, () => undefined);
  cloudEdges.push(started);
  for (let i = 0; i < 400 && started.health().snapshotVersion === null; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(started.health().snapshotVersion).not.toBeNull();
  return started;
}

/** The call's CDR once the edge has forwarded it and the cloud has rated it. */
async function ratedCdr(uuid: string) {
  for (let i = 0; i < 200; i += 1) {
    const item = await api.deps.cdrs.rater.cdrs.get(uuid);
    if (item?.status === 'rated') return item;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the CDR of ${uuid} was not rated by the cloud`);
}
