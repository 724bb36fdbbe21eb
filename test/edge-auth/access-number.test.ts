// Proves the access-number flow end to end against the demo data (real API on DynamoDB Local, an
// edge syncing from it, the FreeSWITCH emulator): c1's caller ID (15551230001) calling the demo
// access number 18005550100 from an address no ACL knows is answered, told its account, asked
// for the destination and transferred to `tollgate_access` (exact actions); the lookup
// FreeSWITCH then sends (Hunt-Context tollgate_access, the digits, `tollgate_access_account`)
// bridges as c1 with the contract's variables and a hangup counted from the callee's answer, and
// its A-leg CDR names the digits, c1 and the access account;
// the same variable in `public` is ignored (unknown_caller); a suspended account's caller ID is
// refused on the first lookup without being answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFormBody } from '../../core/freeswitch/form-body';
import { parseCdr } from '../../core/freeswitch/parse-cdr';
import type { RunningEdge } from '../../freeswitch-edge/main';
import { FreeSwitchEmulator, type DialplanExchange, type InboundCall } from '../freeswitch-emulator';
import { attr, children, type XmlNode } from '../freeswitch-emulator/xml-document';
import { startTestApi, type TestApi } from '../support/api';
import { startSyncedEdge } from './synced-edge';

const ACCESS_NUMBER = '18005550100';
const DIGITS = '442079460000';

let api: TestApi;
const edges: RunningEdge[] = [];

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  for (const edge of edges) await edge.close().catch(() => undefined);
  await api?.close();
});

/** A fresh edge on the API's current data, once it holds a snapshot. */
async function syncedEdge(): Promise<RunningEdge> {
  const options = { dataDirPrefix: 'edge-access-', edgeId: 'edge-access', limits: { snapshotPollMs: 60_000 } };
  const edge = await startSyncedEdge(api, { ...options, log: () => undefined });
  edges.push(edge);
  return edge;
}

const emulator = (edge: RunningEdge) =>
  new FreeSwitchEmulator({
    bindings: [{ gatewayUrl: `${edge.url}/freeswitch/xml`, timeoutSeconds: 5 }],
    staticXml: null,
    msPerSecond: 100,
    jsonCdr: { urls: [`${edge.url}/freeswitch/cdr`], msPerSecond: 100 },
  });

/**
 * An unauthenticated caller in `public` (no digest user, an address no demo ACL covers). The
 * emulator plays no prompts: the digits play_and_get_digits would collect are put on the
 * channel up front, where the access answer's transfer reads them.
 */
const byCallerId = (callerNumber: string, overrides: Partial<InboundCall> = {}): InboundCall => ({
  uuid: crypto.randomUUID(), callerNumber, fromHost: 'carrier.example', destination: ACCESS_NUMBER,
  context: 'public', sourceIp: '198.18.0.20', auth: { kind: 'none' },
  extraVariables: [['tollgate_access_digits', DIGITS]],
  ...overrides,
});

/** The context and `<action>`s (application, data) of the dialplan the edge answered with. */
function actionsOf(exchange: DialplanExchange | undefined) {
  const all = (nodes: XmlNode[], name: string) => nodes.flatMap((node) => children(node, name));
  const contexts = all(all([exchange?.located.document ?? {}], 'section'), 'context');
  const conditions = all(all(contexts, 'extension'), 'condition');
  const actions = all(conditions, 'action').map((action) => [attr(action, 'application'), attr(action, 'data')]);
  return { context: contexts.map((context) => attr(context, 'name')).join(), actions };
}

describe('an access-number call against the demo data', () => {
  let edge: RunningEdge;

  it('asks for the destination, then bridges the digits as the caller ID\'s account', async () => {
    edge = await syncedEdge();
    const outcome = await emulator(edge).call(byCallerId('15551230001'), { talkSeconds: 30 });
    const [first, second] = outcome.requests;
    expect(outcome.requests).toHaveLength(2);
    expect(actionsOf(first)).toEqual({
      context: 'public',
      actions: [
        ['answer', ''],
        ['set', 'tollgate_access_account=c1'],
        ['play_and_get_digits', '3 20 3 5000 # ivr/ivr-enter_destination_telephone_number.wav ' +
          "ivr/ivr-that_was_an_invalid_entry.wav tollgate_access_digits ^\\d{3,20}$ 3000 'tollgate_no_destination XML tollgate_access'"],
        ['transfer', '${tollgate_access_digits} XML tollgate_access'],
        ['set', 'tollgate_reason=no_destination'],
        ['hangup', 'NORMAL_CLEARING'],
      ],
    });
    // The lookup after the transfer, as FreeSWITCH sends it.
    const fields = new Map(decodeFormBody(second!.body));
    expect(fields.get('Hunt-Context')).toBe('tollgate_access');
    expect(fields.get('Hunt-Destination-Number')).toBe(DIGITS);
    expect(fields.get('variable_tollgate_access_account')).toBe('c1');
    expect(fields.get('variable_sip_auth_username')).toBeUndefined();
    expect(actionsOf(second).context).toBe('tollgate_access');

    expect(outcome.kind, JSON.stringify(outcome.variables)).toBe('bridged');
    if (outcome.kind !== 'bridged') return;
    expect(outcome.variables).toMatchObject({
      tollgate_contract: '1',
      tollgate_account: 'c1',
      tollgate_access_account: 'c1',
      tollgate_rate_group: 'rg-r1',
      tollgate_prefix: '4420',
      tollgate_edge: 'edge-access',
    });
    expect(outcome.variables.tollgate_lease).toMatch(/.+/);
    expect(outcome.variables.tollgate_reason).toBeUndefined();
    expect(outcome.endpoint.dialString).toBe(`sofia/external/${DIGITS}@198.51.100.10:5060`);
    expect(outcome.bLegVariables).toMatchObject({ tollgate_trunk: 't1', tollgate_account: 'c1' });
    // The A-leg was answered for the prompt: the hangup rides on the B-leg's answer.
    const maxSeconds = Number(outcome.variables.tollgate_max_seconds);
    expect(maxSeconds).toBeGreaterThan(0);
    expect(outcome.variables.execute_on_answer).toBeUndefined();
    expect(outcome.bLegVariables.execute_on_answer).toBe(`sched_hangup +${maxSeconds} ALLOTTED_TIMEOUT`);
    expect(outcome.maxDurationSeconds).toBe(maxSeconds);
    // The A-leg's CDR (delivered to the edge) names the digits, the payer and the access account.
    const aLeg = outcome.cdrPosts.find((post) => post.leg === 'a');
    expect(aLeg?.delivered).toBe(true);
    const cdr = parseCdr(aLeg!.body);
    if (!cdr.ok) throw new Error(cdr.message);
    expect(cdr.value).toMatchObject({ caller: '15551230001', callee: DIGITS, context: 'tollgate_access' });
    expect(cdr.value.tollgate).toMatchObject({ account: 'c1', accessAccount: 'c1', prefix: '4420' });
  });

  it('ends the call marked no_destination when no number was entered (the failure transfer\'s lookup)', async () => {
    const failed = byCallerId('15551230001', {
      destination: 'tollgate_no_destination',
      context: 'tollgate_access',
      extraVariables: [['tollgate_access_account', 'c1']],
    });
    const outcome = await emulator(edge).call(failed);
    expect(outcome).toMatchObject({ kind: 'refused', hangupCause: 'NORMAL_CLEARING' });
    expect(outcome.variables.tollgate_reason).toBe('no_destination');
    expect(actionsOf(outcome.requests[0]).actions).toEqual([
      ['set', 'tollgate_reason=no_destination'],
      ['hangup', 'NORMAL_CLEARING'],
    ]);
  });

  it('ignores the account variable outside tollgate_access', async () => {
    const forged = byCallerId('15551230001', {
      destination: DIGITS,
      extraVariables: [['tollgate_access_account', 'c1']],
    });
    const outcome = await emulator(edge).call(forged);
    expect(outcome).toMatchObject({ kind: 'refused', hangupCause: 'CALL_REJECTED' });
    expect(outcome.variables.tollgate_reason).toBe('unknown_caller');
    expect(outcome.requests).toHaveLength(1);
  });

  it('refuses a suspended account\'s caller ID on the first lookup, unanswered', async () => {
    const admin = await api.login('admin');
    const suspended = await api.request('PATCH', '/accounts/c4', { token: admin, body: { status: 'suspended' } });
    expect(suspended.status, suspended.text).toBe(200);
    const outcome = await emulator(await syncedEdge()).call(byCallerId('15551230004'));
    expect(outcome).toMatchObject({ kind: 'refused', hangupCause: 'CALL_REJECTED' });
    expect(outcome.variables.tollgate_reason).toBe('account_suspended');
    expect(outcome.executed.map((step) => step.app)).not.toContain('answer');
    expect(outcome.requests).toHaveLength(1);
  });
});
