// Proves re-rating through the API on DynamoDB Local: a CDR unrated as unknown_account is listed, rated once the missing device is configured, charged exactly once (a second re-rate finds nothing), and leaves the unrated list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { londonCall } from '../support/london-call';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('admin');
});
afterAll(() => api.close());

/** A one-minute call to London by digest user `user` at realm `realm`, answered now. */
function digestCall(user: string, realm: string) {
  return londonCall({
    cdr: {
      caller: user,
      context: 'default',
      authUser: user,
      authRealm: realm,
      callerSipUser: user,
      callerSipDomain: realm,
      sourceIp: '203.0.113.9',
      tollgate: null,
    },
  });
}

describe('unrated CDRs re-rated after the configuration is fixed', () => {
  it('rates and charges an unknown_account CDR once its device exists', async () => {
    // Prepare: a call from a device nobody configured yet.
    const call = digestCall('2001', 'fix.example.net');
    const sent = await api.request('POST', '/edge/cdrs', {
      apiKey: api.seed.edgeApiKey,
      body: { cdrs: [call] },
    });
    expect(sent.status, sent.text).toBe(202);
    const listed = await api.request('GET', '/cdrs/unrated?reason=unknown_account', { token });
    expect(listed.json.items.map((item: { id: string }) => item.id)).toContain(call.cdr.uuid);
    const device = await api.request('POST', '/accounts/c2/devices', {
      token,
      body: {
        id: 'dev-fix',
        username: '2001',
        domain: 'fix.example.net',
        password: 'a-long-password-2001',
      },
    });
    expect(device.status, device.text).toBe(201);
    const before = (await api.deps.ledger.getBalance('c2'))!.balanceMicros;
    // Act
    const first = await api.request('POST', '/cdrs/unrated/rerate', {
      token,
      body: { reason: 'unknown_account' },
    });
    const second = await api.request('POST', '/cdrs/unrated/rerate', {
      token,
      body: { reason: 'unknown_account' },
    });
    // Assess
    expect(first.status, first.text).toBe(200);
    expect(first.json.rated).toBe(1);
    expect(second.json.rated).toBe(0);
    const item = await api.deps.cdrs.rater.cdrs.get(call.cdr.uuid);
    expect(item).toMatchObject({ status: 'rated', accountId: 'c2' });
    expect(item?.upk).toBeUndefined();
    const after = (await api.deps.ledger.getBalance('c2'))!.balanceMicros;
    expect(before - after).toBe(27_000);
    const again = await api.request('GET', '/cdrs/unrated?reason=unknown_account', { token });
    expect(again.json.items.map((entry: { id: string }) => entry.id)).not.toContain(call.cdr.uuid);
  });
});
