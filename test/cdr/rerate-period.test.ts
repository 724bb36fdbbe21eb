// Proves period re-rating on DynamoDB Local: after a rate group's markup is fixed, re-rating c1's calls changes its balance by exactly the difference, as reversal + new postings (the rating history kept on the CDR), and a repeat changes nothing.
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

const balance = async (id: string) => (await api.deps.ledger.getBalance(id))!.balanceMicros;

describe('POST /accounts/{accountId}/cdrs/rerate', () => {
  it('posts the difference as corrections after a markup fix, once', async () => {
    // Prepare: two calls rated at rg-r1's 20 % markup (27,000 micros each for c1).
    const fromEpochMs = Date.now() - 1;
    const calls = [londonCall(), londonCall()];
    const sent = await api.request('POST', '/edge/cdrs', {
      apiKey: api.seed.edgeApiKey,
      body: { cdrs: calls },
    });
    expect(sent.status, sent.text).toBe(202);
    const fixed = await api.request('PATCH', '/accounts/r1/rate-groups/rg-r1', {
      token,
      body: { markupPercent: '30' },
    });
    expect(fixed.status, fixed.text).toBe(200);
    const before = [await balance('c1'), await balance('r1')];
    const body = { fromEpochMs, toEpochMs: Date.now() + 3_600_000 };
    // Act
    const first = await api.request('POST', '/accounts/c1/cdrs/rerate', { token, body });
    const again = await api.request('POST', '/accounts/c1/cdrs/rerate', { token, body });
    // Assess: 0.0225/min × 1.3 = 29,250 micros a minute now; r1's own rate did not change.
    expect(first.status, first.text).toBe(200);
    expect(first.json.corrected).toBe(2);
    expect(again.json.corrected).toBe(0);
    expect([before[0]! - (await balance('c1')), before[1]! - (await balance('r1'))]).toEqual([
      2 * (29_250 - 27_000),
      0,
    ]);
    const item = await api.deps.cdrs.rater.cdrs.get(calls[0]!.cdr.uuid);
    const r1 = { accountId: 'r1', chargeMicros: 15_000 };
    expect(item).toMatchObject({
      revision: 1,
      charges: [{ accountId: 'c1', chargeMicros: 29_250 }, r1],
    });
    expect(item?.history).toMatchObject([
      { charges: [{ accountId: 'c1', chargeMicros: 27_000 }, r1] },
    ]);
    const postings = await api.deps.ledger.listPostings('c1', 20);
    const keys = postings.postings.map((posting) => posting.idempotencyKey);
    expect(keys).toContain(`cdr-fix:${calls[0]!.cdr.uuid}:0:reverse`);
    expect(keys).toContain(`cdr-fix:${calls[0]!.cdr.uuid}:0:new`);
  });
});
