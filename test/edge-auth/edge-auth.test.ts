// Proves the edge authorizes from a snapshot of the demo data, end to end through the real API
// (DynamoDB Local) and the FreeSWITCH emulator: every dialplan and directory fixture gets the
// right answer; digest/ACL/unknown callers bridge or are refused as the pinned table says (CPS
// too); on-net calls bridge to the device; `If-None-Match` gets 304; a restart with the cloud down
// authorizes from disk; a corrupt newest snapshot falls back to the previous one.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormField } from '../../core/freeswitch/form-body';
import { decodeSerializedEvent } from '../../core/freeswitch/serialized-event';
import { sipHa1 } from '../../core/devices/ha1';
import { parseEdgeConfig } from '../../freeswitch-edge/config';
import { startEdge, type RunningEdge } from '../../freeswitch-edge/main';
import { FreeSwitchEmulator, switchUrlEncode, type InboundCall } from '../freeswitch-emulator';
import { decodeDocsColonSample, decodePrintRSample, readFixture } from '../freeswitch/fixtures';
import { startTestApi, type TestApi } from '../support/api';

const PREFIX = ['hostname', 'section', 'tag_name', 'key_name', 'key_value'];

/** The wire body mod_xml_curl sends for decoded fields: prefix raw, values url-encoded. */
function wireBody(fields: readonly FormField[]): string {
  const get = (name: string) => fields.find(([key]) => key === name)?.[1] ?? '';
  const head = PREFIX.map((name) => `${name}=${get(name)}`);
  const rest = fields
    .filter(([name]) => !PREFIX.includes(name))
    .map(([name, value]) => `${name}=${switchUrlEncode(value)}`);
  return [...head, ...rest].join('&');
}

let api: TestApi;
const edges: RunningEdge[] = [];
const logs: { event: string; fields: Record<string, unknown> }[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'edge-auth-'));

async function edgeOn(cloudUrl: string): Promise<RunningEdge> {
  const parsed = parseEdgeConfig({
    listen: '127.0.0.1:0',
    cloudUrl,
    apiKey: api.seed.edgeApiKey,
    dataDir,
    edgeId: 'edge-test',
    freeswitch: { switchName: 'fs1', domain: '172.31.2.115' },
    limits: { snapshotPollMs: 60_000, snapshotTimeoutMs: 5_000 },
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const edge = await startEdge(parsed.config, (event, fields) => logs.push({ event, fields }));
  edges.push(edge);
  return edge;
}

async function synced(edge: RunningEdge, notVersion: string | null = null): Promise<string> {
  for (let i = 0; i < 400; i += 1) {
    const version = edge.health().snapshotVersion;
    if (version !== null && version !== notVersion) return version;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`edge never synced: ${JSON.stringify(logs.slice(-3))}`);
}

async function postXml(edge: RunningEdge, body: string): Promise<string> {
  const response = await fetch(`${edge.url}/freeswitch/xml`, { method: 'POST', body });
  expect(response.status).toBe(200);
  return response.text();
}

const emulator = (edge: RunningEdge) =>
  new FreeSwitchEmulator({
    bindings: [{ gatewayUrl: `${edge.url}/freeswitch/xml`, timeoutSeconds: 5 }],
    staticXml: null,
    msPerSecond: 100,
    challengeDigest: true,
    // CDRs reach the edge: a call's hold on its credit lease ends with its CDR.
    jsonCdr: { urls: [`${edge.url}/freeswitch/cdr`], msPerSecond: 100 },
  });

const call = (overrides: Partial<InboundCall>): InboundCall => ({
  uuid: crypto.randomUUID(),
  callerNumber: '1000',
  fromHost: '172.31.2.115',
  destination: '442079460000',
  context: 'default',
  sourceIp: '198.18.0.7',
  auth: { kind: 'digest', user: '1000', realm: '172.31.2.115', password: 'tollgate-1000-demo' },
  ...overrides,
});

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  for (const edge of edges) await edge.close().catch(() => undefined);
  await api.close();
});

describe('edge authorization from the snapshot', () => {
  let edge: RunningEdge;
  let version: string;

  it('syncs the snapshot; the route answers 304 to If-None-Match', async () => {
    edge = await edgeOn(api.baseUrl);
    version = await synced(edge);
    const again = await api.request('GET', '/edge/snapshot', {
      apiKey: api.seed.edgeApiKey,
      headers: { 'if-none-match': `"${version}"` },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(`"${version}"`);
    expect(edge.health()).toMatchObject({ snapshotVersion: version, cloudReachable: true });
  });

  it('answers every dialplan and directory fixture', async () => {
    const wire = await postXml(edge, readFixture('dialplan-request-2019-wire-derived.txt'));
    expect(wire).toContain('<context name="public">');
    expect(wire).toContain('tollgate_reason=unknown_caller');
    expect(wire).toContain('application="hangup" data="CALL_REJECTED"');
    const lua = decodeSerializedEvent(readFixture('dialplan-request-2019-lua-params-serialize.txt'));
    const luaBody = wireBody([['section', 'dialplan'], ...lua]);
    expect(await postXml(edge, luaBody)).toContain('tollgate_reason=unknown_caller');
    // 2008 docs: digest 800 at 192.168.0.9 (demo c1) dials 9999, which no deck prices.
    const docs = wireBody(decodeDocsColonSample(readFixture('dialplan-request-fsdocs-sample-2008.txt')));
    const docsAnswer = await postXml(edge, docs);
    expect(docsAnswer).toContain('<context name="default">');
    expect(docsAnswer).toContain('tollgate_reason=no_rate');
    expect(docsAnswer).toContain('data="NO_ROUTE_DESTINATION"');
    const dir2020 = await postXml(edge, readFixture('directory-request-sip-auth-2020-wire.txt'));
    expect(dir2020).toContain('<domain name="172.31.2.115">');
    expect(dir2020).toContain(`value="${sipHa1('1000', '12.34.123.34', 'tollgate-1000-demo')}"`);
    const dir2009 = wireBody(decodePrintRSample(readFixture('directory-request-fsdocs-sip-auth-2009.txt')));
    const realm = 'domain1.awesomevoipdomain.faketld';
    expect(await postXml(edge, dir2009)).toContain(sipHa1('1004', realm, 'tollgate-1004-demo'));
    const userCall = await postXml(edge, dir2009.replace('action=sip_auth', 'action=user_call'));
    expect(userCall).toContain('<param name="dial-string"');
    expect(userCall).not.toContain('a1-hash');
    const gateways = dir2009.replace('action=sip_auth', 'purpose=gateways');
    expect(await postXml(edge, gateways)).toContain('status="not found"');
  });

  it('bridges digest and ACL callers with the contract; refuses the unknown', async () => {
    const fs = emulator(edge);
    // Demo accounts allow 2 calls per second (c1 and r1): start in a fresh second.
    await new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));
    const second = Math.floor(Date.now() / 1000);
    const digest = await fs.call(call({}), { talkSeconds: 30 });
    expect(digest.kind).toBe('bridged');
    if (digest.kind !== 'bridged') return;
    expect(digest.variables).toMatchObject({
      tollgate_contract: '1',
      tollgate_account: 'c1',
      tollgate_rate_group: 'rg-r1',
      tollgate_prefix: '4420',
      tollgate_edge: 'edge-test',
    });
    expect(digest.maxDurationSeconds).toBe(Number(digest.variables.tollgate_max_seconds));
    expect(digest.bLegVariables).toMatchObject({ tollgate_trunk: 't1', tollgate_route_prefix: '44' });
    const acl = await fs.call(
      call({ sourceIp: '192.168.56.1', auth: { kind: 'acl', acl: 'customers' }, context: 'public' }),
    );
    expect(acl.kind).toBe('bridged');
    expect(acl.variables.tollgate_account).toBe('c1');
    const third = await fs.call(call({}));
    if (Math.floor(Date.now() / 1000) === second) {
      expect(third).toMatchObject({ kind: 'refused', hangupCause: 'SWITCH_CONGESTION' });
      expect(third.variables.tollgate_reason).toBe('cps_limit');
    }
    const stranger = await fs.call(call({ sourceIp: '198.18.0.9', auth: { kind: 'acl', acl: 'x' } }));
    expect(stranger).toMatchObject({ kind: 'refused', hangupCause: 'CALL_REJECTED', sipStatus: 603 });
    expect(stranger.variables.tollgate_reason).toBe('unknown_caller');
    const wrongPassword = call({ auth: { kind: 'digest', user: '1000', realm: '172.31.2.115', password: '1234' } });
    expect(await fs.call(wrongPassword)).toMatchObject({ kind: 'refused', via: 'directory' });
    // /health reports the edge's own time over those dialplan answers (arrival to write).
    const health = (await (await fetch(`${edge.url}/health`)).json()) as { answerTimes: Record<string, number> };
    const times = health.answerTimes;
    expect(times.answers).toBeGreaterThanOrEqual(4);
    expect(times.p50Us).toBeGreaterThan(0);
    expect(times.p50Us).toBeLessThanOrEqual(times.p99Us!);
    expect(times.p99Us).toBeLessThanOrEqual(times.maxUs!);
    expect(times.maxUs).toBeLessThan(5_000_000);
  });

  it('restarts with the cloud down from disk; a corrupt newest snapshot falls back', async () => {
    // A configuration change makes a second version (balances are not in the snapshot).
    const token = await api.login('admin');
    const change = await api.request('PATCH', '/accounts/c1', { token, body: { maxChannels: 41 } });
    expect(change.status, change.text).toBe(200);
    await edge.close();
    edge = await edgeOn(api.baseUrl);
    const second = await synced(edge, version);
    await edge.close();
    const down = 'http://127.0.0.1:9';
    edge = await edgeOn(down);
    expect(edge.health().snapshotVersion).toBe(second);
    expect((await emulator(edge).call(call({}))).kind).toBe('bridged');
    // On-net: 1001 is a device in the caller's domain; bridged to it, no deck, no LCR.
    const onNet = await emulator(edge).call(call({ destination: '1001' }));
    expect(onNet).toMatchObject({ kind: 'bridged', endpoint: { dialString: 'user/1001@172.31.2.115' } });
    expect(onNet.variables.tollgate_deck_version).toBeUndefined();
    await edge.close();
    const dir = join(dataDir, 'snapshot');
    const newest = readdirSync(dir).filter((name) => name.endsWith('.bin')).sort().at(-1)!;
    const bytes = readFileSync(join(dir, newest));
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(join(dir, newest), bytes);
    edge = await edgeOn(down);
    expect(edge.health().snapshotVersion).toBe(version);
    expect(logs.some((l) => l.event === 'snapshot_file_rejected')).toBe(true);
    expect((await emulator(edge).call(call({}))).kind).toBe('bridged');
  });
});
