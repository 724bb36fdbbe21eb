// Proves the emulator posts CDRs like mod_json_cdr (one POST per leg, ?uuid=, encodings,
// retries with delays in seconds, URL failover, err-log-dir files) and that every CDR it posts
// normalizes through core's parser to the call that was played.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCdr } from '../../core/freeswitch/parse-cdr';
import { parseRawCdr } from '../../core/freeswitch/parse-cdr';
import { FreeSwitchEmulator } from './emulator';
import type { JsonCdrConfig } from './json-cdr-poster';
import type { InboundCall } from './sip-channel';
import { dialplanDocument, startTestServer, type Reply, type TestServer } from './test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(reply: (index: number) => Reply): Promise<TestServer> {
  const started = await startTestServer((_, index) => reply(index));
  servers.push(started);
  return started;
}

const CALL: InboundCall = {
  uuid: '51156b0b-f91b-4fd3-9c8f-000000000003',
  callerNumber: '1001',
  fromHost: '10.30.40.77',
  destination: '15551230000',
  context: 'default',
  sourceIp: '10.30.40.77',
  auth: {
    kind: 'digest',
    user: '1001',
    realm: '10.30.40.77',
    userVariables: { accountcode: '1001' },
  },
};

const ROUTE = dialplanDocument('default', [
  ['export', 'tollgate_account=acct_1001'],
  ['export', 'tollgate_max_seconds=120'],
  ['set', 'execute_on_answer=sched_hangup +120'],
  ['bridge', '[tollgate_trunk=t9]sofia/gateway/carrier_a/$1'],
]);

async function play(cdr: Omit<JsonCdrConfig, 'msPerSecond'>, talkSeconds = 30) {
  const dialplan = await server(() => ({ status: 200, body: ROUTE }));
  const fs = new FreeSwitchEmulator({
    bindings: [{ gatewayUrl: dialplan.url, timeoutSeconds: 5 }],
    msPerSecond: 20,
    jsonCdr: { msPerSecond: 20, ...cdr },
    newUuid: () => 'f52c26f1-b018-4963-bf6d-000000000004',
  });
  return fs.call(CALL, { talkSeconds, network: () => ({ answered: true, ringSeconds: 3 }) });
}

describe('one POST per leg', () => {
  it('B-leg then A-leg, raw JSON to ?uuid=<uuid>, normalizing to the call that was played', async () => {
    const collector = await server(() => ({ status: 200 }));
    const outcome = await play({ urls: [`${collector.url}/cdr`] });
    expect(collector.requests.map((r) => r.url)).toEqual([
      '/cdr?uuid=f52c26f1-b018-4963-bf6d-000000000004',
      '/cdr?uuid=51156b0b-f91b-4fd3-9c8f-000000000003',
    ]);
    expect(collector.requests[0]?.headers['content-type']).toBe('application/json');
    expect(collector.requests[0]?.headers['user-agent']).toBe('freeswitch-json/1.0');
    const [b, a] = collector.requests.map((r) => parseCdr(r.body));
    expect(a).toMatchObject({
      ok: true,
      value: {
        uuid: CALL.uuid,
        callUuid: CALL.uuid,
        leg: 'a',
        direction: 'inbound',
        caller: '1001',
        callee: '15551230000',
        accountCode: '1001',
        authUser: '1001',
        sourceIp: '10.30.40.77',
        billsec: 30,
        billmsec: 30000,
        hangupCause: 'NORMAL_CLEARING',
        hangupCauseQ850: 16,
        gateway: 'carrier_a',
        otherLegUuid: 'f52c26f1-b018-4963-bf6d-000000000004',
        tollgate: { account: 'acct_1001', maxSeconds: 120 },
      },
    });
    expect(b).toMatchObject({
      ok: true,
      value: {
        leg: 'b',
        direction: 'outbound',
        callUuid: CALL.uuid,
        callee: '15551230000',
        gateway: 'carrier_a',
        billsec: 30,
        tollgate: { account: 'acct_1001', trunk: 't9' },
      },
    });
    expect(outcome.kind === 'bridged' && outcome.answeredAtUs - outcome.aLeg.startedAtUs).toBe(
      3_000_000,
    );
  });

  it('the scheduled hangup shows in both CDRs as ALLOTTED_TIMEOUT (q850 16) at 120 s', async () => {
    const collector = await server(() => ({ status: 200 }));
    await play({ urls: [collector.url] }, 500);
    for (const request of collector.requests) {
      expect(parseCdr(request.body)).toMatchObject({
        ok: true,
        value: { billsec: 120, hangupCause: 'ALLOTTED_TIMEOUT', hangupCauseQ850: 16 },
      });
    }
  });

  it('encode-values (default on) URL-encodes variable values; the parser detects and decodes them', async () => {
    const collector = await server(() => ({ status: 200 }));
    await play({ urls: [collector.url] });
    const body = collector.requests[1]?.body ?? '';
    expect(body).toContain('"sip_from_uri":"1001%4010.30.40.77"');
    const raw = parseRawCdr(body);
    expect(raw.ok && [raw.value.valuesWereEncoded, raw.value.variables.sip_from_uri]).toEqual([
      true,
      '1001@10.30.40.77',
    ]);
  });

  it.each([
    ['true', false, 'application/x-www-form-urlencoded'],
    ['base64', true, 'application/x-www-form-base64-encoded'],
  ] as const)('encode=%s posts cdr= with %s', async (encode, encodeValues, contentType) => {
    const collector = await server(() => ({ status: 200 }));
    await play({ urls: [collector.url], encode, encodeValues });
    const request = collector.requests[1];
    expect(request?.headers['content-type']).toBe(contentType);
    expect(request?.body.startsWith('cdr=')).toBe(true);
    expect(parseCdr(request?.body ?? '')).toMatchObject({
      ok: true,
      value: { leg: 'a', billsec: 30 },
    });
  });

  it('log-b-leg=false posts the A-leg only', async () => {
    const collector = await server(() => ({ status: 200 }));
    const outcome = await play({ urls: [collector.url], logBLeg: false });
    expect(collector.requests).toHaveLength(1);
    expect(outcome.cdrPosts.map((p) => [p.leg, p.skipped])).toEqual([
      ['b', true],
      ['a', false],
    ]);
  });

  it('pre-1.6 style duplicate callflow keys still parse', async () => {
    const collector = await server(() => ({ status: 200 }));
    await play({ urls: [collector.url], callflowStyle: 'duplicate_keys' });
    expect(collector.requests[1]?.body).toContain('"callflow":{');
    expect(parseCdr(collector.requests[1]?.body ?? '')).toMatchObject({
      ok: true,
      value: { callee: '15551230000' },
    });
  });
});

describe('retries and failures', () => {
  it('retries=2: three attempts, delay in seconds between them, URL index advancing on failure', async () => {
    const first = await server(() => ({ status: 500 }));
    const second = await server((index) => ({ status: index === 0 ? 503 : 200 }));
    const started = Date.now();
    const outcome = await play({ urls: [first.url, second.url], retries: 2, delaySeconds: 2 });
    const [bPost, aPost] = outcome.cdrPosts;
    expect(bPost?.attempts.map((a) => a.status)).toEqual([500, 503, 500]);
    expect(bPost?.delivered).toBe(false);
    // The index is global: the A-leg starts where the B-leg's attempts left off (second URL).
    expect(aPost?.attempts.map((a) => [a.url.startsWith(second.url), a.status])).toEqual([
      [true, 200],
    ]);
    // 2 delays of 2 s at 20 ms per second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
  });

  it('retries set with delay 0 waits the forced 5 s', async () => {
    const collector = await server((index) => ({ status: index === 0 ? 500 : 200 }));
    const started = Date.now();
    await play({ urls: [collector.url], retries: 1, logBLeg: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('when every attempt fails the body goes to the first writable err-log-dir, a_ prefix for A-legs', async () => {
    const collector = await server(() => ({ status: 500 }));
    const dir = mkdtempSync(join(tmpdir(), 'json-cdr-err-'));
    const outcome = await play({
      urls: [collector.url],
      encode: 'base64',
      prefixALeg: true,
      errLogDirs: [join(dir, 'missing', 'nested'), dir],
    });
    expect(readdirSync(dir).sort()).toEqual([
      `a_${CALL.uuid}.cdr.json`,
      'f52c26f1-b018-4963-bf6d-000000000004.cdr.json',
    ]);
    const saved = readFileSync(join(dir, `a_${CALL.uuid}.cdr.json`), 'utf8');
    expect(saved.endsWith('\n')).toBe(true);
    expect(saved).toBe(`${(outcome.cdrPosts[1]?.body ?? '').slice(4)}\n`);
    expect(parseCdr(saved)).toMatchObject({ ok: true, value: { uuid: CALL.uuid, leg: 'a' } });
  });
});
