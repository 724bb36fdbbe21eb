// Proves the emulator plays calls as FreeSWITCH would from the dialplan a backend returns:
// refusals and their SIP codes, bridge failover, scheduled hangups (ringing vs answer),
// exported variables on the B-leg, and a transfer's second lookup with Hunt-*.
import { afterEach, describe, expect, it } from 'vitest';
import { parseXmlCurlRequest } from '../../core/freeswitch/xml-curl-request';
import type { DialplanRequest } from '../../core/freeswitch/dialplan-request';
import { FreeSwitchEmulator } from './emulator';
import type { InboundCall } from './sip-channel';
import { dialplanDocument, startTestServer, type TestServer } from './test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const CALL: InboundCall = {
  uuid: 'b3fe45ad-78ad-4d33-b70e-000000000002',
  callerNumber: '1001',
  fromHost: 'pbx.example',
  destination: '442079460000',
  context: 'default',
  sourceIp: '203.0.113.5',
  auth: {
    kind: 'digest',
    user: '1001',
    realm: 'pbx.example',
    userVariables: { accountcode: 'acct_1001' },
  },
};

async function answering(...documents: string[]): Promise<FreeSwitchEmulator> {
  const server = await startTestServer((_, index) => ({
    status: 200,
    body: documents[Math.min(index, documents.length - 1)],
  }));
  servers.push(server);
  return new FreeSwitchEmulator({
    bindings: [{ gatewayUrl: server.url, timeoutSeconds: 5 }],
    msPerSecond: 100,
  });
}

const TOLLGATE_VARS: [string, string][] = [
  ['export', 'tollgate_account=acct_1001'],
  ['export', 'tollgate_deck_version=d41d8cd9'],
  ['export', 'tollgate_prefix=4420'],
  ['export', 'tollgate_max_seconds=300'],
];

describe('refusals', () => {
  it.each([
    ['hangup CALL_REJECTED', ['hangup', 'CALL_REJECTED'], 'CALL_REJECTED', 21, 603],
    [
      'hangup OUTGOING_CALL_BARRED',
      ['hangup', 'OUTGOING_CALL_BARRED'],
      'OUTGOING_CALL_BARRED',
      52,
      403,
    ],
    ['hangup 21 (numeric)', ['hangup', '21'], 'CALL_REJECTED', 21, 603],
    [
      'an unknown cause name (no INSUFFICIENT_FUNDS exists)',
      ['hangup', 'NO_SUFFICIENT_FUND'],
      'NORMAL_CLEARING',
      16,
      480,
    ],
    ['respond 402 Payment Required', ['respond', '402 Payment Required'], 'CALL_REJECTED', 21, 402],
    ['respond 404', ['respond', '404 Not Found'], 'UNALLOCATED_NUMBER', 1, 404],
  ] as const)('%s', async (_, action, cause, q850, sip) => {
    const fs = await answering(
      dialplanDocument('default', [['set', 'tollgate_reason=insufficient_credit'], action]),
    );
    const outcome = await fs.call(CALL);
    expect(outcome).toMatchObject({
      kind: 'refused',
      via: 'dialplan',
      hangupCause: cause,
      hangupCauseQ850: q850,
      sipStatus: sip,
    });
    expect(outcome.variables.tollgate_reason).toBe('insufficient_credit');
    expect(outcome.bLegs).toEqual([]);
  });

  it('a dialplan that runs out of applications hangs up NORMAL_CLEARING (480)', async () => {
    const fs = await answering(dialplanDocument('default', [['set', 'a=1']]));
    expect(await fs.call(CALL)).toMatchObject({
      kind: 'refused',
      hangupCause: 'NORMAL_CLEARING',
      sipStatus: 480,
    });
  });
});

describe('bridge', () => {
  it('fails over across | groups; the B-leg carries exports and its [per-leg] trunk', async () => {
    const dial =
      '[tollgate_trunk=t1,tollgate_route_prefix=44]sofia/gateway/carrier_a/$1|[tollgate_trunk=t2]sofia/gateway/carrier_b/$1';
    const fs = await answering(dialplanDocument('default', [...TOLLGATE_VARS, ['bridge', dial]]));
    const outcome = await fs.call(CALL, {
      network: (endpoint) =>
        endpoint.gateway === 'carrier_a'
          ? { answered: false, ringSeconds: 3, sipStatus: 503 }
          : { answered: true, ringSeconds: 4 },
      talkSeconds: 42,
    });
    expect(outcome.kind).toBe('bridged');
    if (outcome.kind !== 'bridged') return;
    expect([outcome.gateway, outcome.billsec, outcome.hangupCause]).toEqual([
      'carrier_b',
      42,
      'NORMAL_CLEARING',
    ]);
    expect(outcome.attempts.map((a) => [a.endpoint.gateway, a.cause])).toEqual([
      ['carrier_a', 'NORMAL_TEMPORARY_FAILURE'],
      ['carrier_b', null],
    ]);
    expect(outcome.bLegVariables).toMatchObject({
      tollgate_account: 'acct_1001',
      tollgate_trunk: 't2',
      sip_gateway_name: 'carrier_b',
    });
    expect(outcome.bLegVariables.tollgate_route_prefix).toBeUndefined();
    // Ringing on carrier_a (3 s) and carrier_b (4 s) happens before the answer.
    expect(outcome.answeredAtUs - outcome.aLeg.startedAtUs).toBe(7_000_000);
  });

  it('rings , endpoints together and takes the first to answer', async () => {
    const fs = await answering(
      dialplanDocument('default', [['bridge', 'sofia/gateway/slow/$1,sofia/gateway/fast/$1']]),
    );
    const outcome = await fs.call(CALL, {
      network: (e) => ({ answered: true, ringSeconds: e.gateway === 'fast' ? 1 : 5 }),
    });
    expect(outcome.kind === 'bridged' && outcome.gateway).toBe('fast');
  });

  it('all endpoints failing ends the call with the last cause, mirroring the SIP code', async () => {
    const fs = await answering(
      dialplanDocument('default', [['bridge', 'sofia/gateway/a/$1|sofia/gateway/b/$1']]),
    );
    const outcome = await fs.call(CALL, {
      network: () => ({ answered: false, ringSeconds: 1, sipStatus: 486 }),
    });
    expect(outcome).toMatchObject({ kind: 'unanswered', hangupCause: 'USER_BUSY', sipStatus: 486 });
    expect(outcome.bLegs).toHaveLength(2);
  });

  it('continue_on_fail runs the next application after a failed bridge', async () => {
    const fs = await answering(
      dialplanDocument('default', [
        ['set', 'continue_on_fail=true'],
        ['bridge', 'sofia/gateway/a/$1'],
        ['bridge', 'sofia/gateway/b/$1'],
      ]),
    );
    const outcome = await fs.call(CALL, {
      network: (e) =>
        e.gateway === 'a'
          ? { answered: false, ringSeconds: 1, sipStatus: 503 }
          : { answered: true, ringSeconds: 1 },
    });
    expect(outcome.kind === 'bridged' && outcome.gateway).toBe('b');
  });

  it('the caller cancelling while ringing is ORIGINATOR_CANCEL (487), unanswered', async () => {
    const fs = await answering(dialplanDocument('default', [['bridge', 'sofia/gateway/a/$1']]));
    const outcome = await fs.call(CALL, {
      network: () => ({ answered: true, ringSeconds: 20 }),
      callerCancelsAfterSeconds: 10,
    });
    expect(outcome).toMatchObject({
      kind: 'unanswered',
      hangupCause: 'ORIGINATOR_CANCEL',
      hangupCauseQ850: 16,
      sipStatus: 487,
    });
  });
});

describe('max duration', () => {
  it('sched_hangup in the dialplan counts ringing: +30 with 10 s of ringing leaves 20 s of talk', async () => {
    const fs = await answering(
      dialplanDocument('default', [
        ['sched_hangup', '+30'],
        ['bridge', 'sofia/gateway/a/$1'],
      ]),
    );
    const outcome = await fs.call(CALL, {
      network: () => ({ answered: true, ringSeconds: 10 }),
      talkSeconds: 100,
    });
    expect(outcome).toMatchObject({
      kind: 'bridged',
      maxDurationSeconds: 20,
      billsec: 20,
      hangupCause: 'ALLOTTED_TIMEOUT',
    });
  });

  it('set execute_on_answer=sched_hangup +N starts the timer at answer (A-leg)', async () => {
    const fs = await answering(
      dialplanDocument('default', [
        ['set', 'execute_on_answer=sched_hangup +300'],
        ['bridge', 'sofia/gateway/a/$1'],
      ]),
    );
    const outcome = await fs.call(CALL, {
      network: () => ({ answered: true, ringSeconds: 10 }),
      talkSeconds: 1000,
    });
    expect(outcome).toMatchObject({
      kind: 'bridged',
      maxDurationSeconds: 300,
      billsec: 300,
      hangupCause: 'ALLOTTED_TIMEOUT',
    });
  });

  it('export nolocal:execute_on_answer runs on the B-leg only; talk shorter than the limit ends normally', async () => {
    const fs = await answering(
      dialplanDocument('default', [
        ['export', 'nolocal:execute_on_answer=sched_hangup +45'],
        ['bridge', 'sofia/gateway/a/$1'],
      ]),
    );
    const outcome = await fs.call(CALL, { talkSeconds: 30 });
    expect(outcome).toMatchObject({
      kind: 'bridged',
      maxDurationSeconds: 45,
      billsec: 30,
      hangupCause: 'NORMAL_CLEARING',
    });
    expect(outcome.variables.execute_on_answer).toBeUndefined();
    expect(outcome.kind === 'bridged' && outcome.bLegVariables.execute_on_answer).toBe(
      'sched_hangup +45',
    );
  });

  it("ASTPP's bridge_pre_execute_bleg_app=sched_hangup uses the cause it names", async () => {
    const fs = await answering(
      dialplanDocument('default', [
        ['set', 'bridge_pre_execute_bleg_app=sched_hangup'],
        ['set', 'bridge_pre_execute_bleg_data=+60 normal_clearing'],
        ['bridge', 'sofia/gateway/a/$1'],
      ]),
    );
    const outcome = await fs.call(CALL, { talkSeconds: 600 });
    expect(outcome).toMatchObject({
      kind: 'bridged',
      maxDurationSeconds: 60,
      billsec: 60,
      hangupCause: 'NORMAL_CLEARING',
    });
  });
});

describe('transfer', () => {
  it('asks again with Hunt-* naming the new destination and context (profile 2, RDNIS)', async () => {
    const first = dialplanDocument('default', [['transfer', '4420 XML billing']]);
    const second = dialplanDocument('billing', [['bridge', 'sofia/gateway/a/$1']]);
    const fs = await answering(first, second);
    const outcome = await fs.call(CALL);
    expect(outcome.kind).toBe('bridged');
    expect(outcome.requests.map((r) => [r.huntContext, r.huntDestination])).toEqual([
      ['default', '442079460000'],
      ['billing', '4420'],
    ]);
    const parsed = parseXmlCurlRequest(outcome.requests[1]?.body ?? '');
    const request = (parsed.ok ? parsed.value : null) as DialplanRequest | null;
    expect(request).toMatchObject({
      callee: '4420',
      context: 'billing',
      profileIndex: 2,
      authUser: '1001',
      accountCode: 'acct_1001',
    });
    expect(request?.transferSource?.endsWith(':bl_xfer:4420/billing/XML')).toBe(true);
    expect(request?.fields.find(([name]) => name === 'Hunt-RDNIS')?.[1]).toBe('442079460000');
  });
});
