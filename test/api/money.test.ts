// Proves the money routes over real HTTP on DynamoDB Local: refill, charge, transfer, replays, differing content, funds, and bad input that writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let admin: string;

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin');
});
afterAll(() => api.close());

const balanceOf = async (accountId: string) =>
  (await api.request('GET', `/accounts/${accountId}/balance`, { token: admin })).json
    .balanceMicros as number;
const postingCount = async (accountId: string) =>
  (await api.request('GET', `/accounts/${accountId}/postings?limit=100`, { token: admin })).json
    .postings.length as number;

describe('money routes', () => {
  it('refills with an Idempotency-Key and replays the first result', async () => {
    const before = await balanceOf('c1');
    const send = () =>
      api.request('POST', '/accounts/c1/refills', {
        token: admin,
        headers: { 'idempotency-key': 'refill-001' },
        body: { amountMicros: 2_500_000, reference: 'cash' },
      });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(first.json.postings[0]).toMatchObject({
      amountMicros: 2_500_000,
      amount: '2.500000',
      kind: 'refill',
      actor: 'user:admin',
    });
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await balanceOf('c1')).toBe(before + 2_500_000);
  });

  it('names the field that differs when a key is reused with other content', async () => {
    const response = await api.request('POST', '/accounts/c1/refills', {
      token: admin,
      headers: { 'idempotency-key': 'refill-001' },
      body: { amountMicros: 3_000_000, reference: 'cash' },
    });
    expect(response.status).toBe(409);
    expect(response.json.error).toMatchObject({
      code: 'posting_exists_with_different_amount',
      field: 'amountMicros',
    });
  });

  it('charges within available funds and refuses beyond them', async () => {
    const balance = await balanceOf('c4');
    const over = await api.request('POST', '/accounts/c4/charges', {
      token: admin,
      headers: { 'idempotency-key': 'charge-big' },
      body: { amountMicros: balance + 1 },
    });
    const exact = await api.request('POST', '/accounts/c4/charges', {
      token: admin,
      headers: { 'idempotency-key': 'charge-all' },
      body: { amountMicros: balance },
    });
    expect(over.status).toBe(422);
    expect(over.json.error).toMatchObject({ code: 'insufficient_funds', field: 'amountMicros' });
    expect(exact.status).toBe(201);
    expect(await balanceOf('c4')).toBe(0);
  });

  it('replays charges and transfers with their first result, even once funds are gone', async () => {
    const charge = () =>
      api.request('POST', '/accounts/c3/charges', {
        token: admin,
        headers: { 'idempotency-key': 'charge-replay' },
        body: { amountMicros: 1_000_000 },
      });
    const transfer = () =>
      api.request('POST', '/transfers', {
        token: admin,
        headers: { 'idempotency-key': 'transfer-replay' },
        body: { fromAccountId: 'c3', toAccountId: 'c1', amountMicros: 2_000_000 },
      });
    const [firstCharge, firstTransfer] = [await charge(), await transfer()];
    const rest = await balanceOf('c3');
    const drain = await api.request('POST', '/accounts/c3/charges', {
      token: admin,
      headers: { 'idempotency-key': 'charge-drain' },
      body: { amountMicros: rest },
    });
    expect([firstCharge.status, firstTransfer.status, drain.status]).toEqual([201, 201, 201]);
    const [againCharge, againTransfer] = [await charge(), await transfer()];
    expect([againCharge.text, againTransfer.text]).toEqual([firstCharge.text, firstTransfer.text]);
    expect(againTransfer.headers.get('idempotent-replayed')).toBe('true');
    expect(await balanceOf('c3')).toBe(0);
  });

  it('lets a postpaid account be charged down to its credit limit', async () => {
    const charge = (key: string, amountMicros: number) =>
      api.request('POST', '/accounts/c2/charges', {
        token: admin,
        headers: { 'idempotency-key': key },
        body: { amountMicros },
      });
    expect((await charge('pp-1', 50_000_000)).status).toBe(201);
    expect((await charge('pp-2', 1)).status).toBe(422);
    const view = (await api.request('GET', '/accounts/c2/balance', { token: admin })).json;
    expect(view).toMatchObject({
      balanceMicros: -50_000_000,
      creditLimitMicros: 50_000_000,
      availableMicros: 0,
      balance: '-50.000000',
    });
  });

  it('transfers within a reseller subtree in one transaction', async () => {
    const reseller = await api.login('reseller1');
    const [r1, c3] = [await balanceOf('r1'), await balanceOf('c3')];
    const response = await api.request('POST', '/transfers', {
      token: reseller,
      headers: { 'idempotency-key': 'tr-1' },
      body: {
        fromAccountId: 'r1',
        toAccountId: 'c3',
        amountMicros: 7_000_000,
        reference: 'top-up',
      },
    });
    expect(response.status).toBe(201);
    expect(response.json.postings.map((p: { amountMicros: number }) => p.amountMicros)).toEqual([
      -7_000_000, 7_000_000,
    ]);
    expect(await balanceOf('r1')).toBe(r1 - 7_000_000);
    expect(await balanceOf('c3')).toBe(c3 + 7_000_000);
  });

  it('refuses a reseller paying from outside its subtree, naming the field', async () => {
    const reseller = await api.login('reseller1');
    const before = await balanceOf('c4');
    const response = await api.request('POST', '/transfers', {
      token: reseller,
      headers: { 'idempotency-key': 'tr-foreign' },
      body: { fromAccountId: 'c4', toAccountId: 'c3', amountMicros: 1 },
    });
    expect([response.status, response.json.error.code, response.json.error.field]).toEqual([
      404,
      'account_not_found',
      'fromAccountId',
    ]);
    expect(await balanceOf('c4')).toBe(before);
  });

  const badBodies: [string, unknown, string, string][] = [
    ['zero', { amountMicros: 0 }, 'amountMicros', 'invalid_value'],
    ['negative', { amountMicros: -5 }, 'amountMicros', 'invalid_value'],
    ['fractional', { amountMicros: 1.5 }, 'amountMicros', 'invalid_type'],
    ['over 2^53', { amountMicros: 2 ** 53 }, 'amountMicros', 'invalid_value'],
    ['a string', { amountMicros: '100' }, 'amountMicros', 'invalid_type'],
    ['missing', {}, 'amountMicros', 'missing_field'],
    ['an unknown field', { amountMicros: 1, accountId: 'c4' }, 'accountId', 'unknown_field'],
    [
      'a long reference',
      { amountMicros: 1, reference: 'x'.repeat(201) },
      'reference',
      'invalid_value',
    ],
  ];
  it.each(badBodies)(
    'refuses an amount that is %s, naming the field, writing nothing',
    async (_name, body, field, code) => {
      const [balance, count] = [await balanceOf('c1'), await postingCount('c1')];
      const response = await api.request('POST', '/accounts/c1/refills', {
        token: admin,
        headers: { 'idempotency-key': `bad-${_name.replace(/\W/g, '')}` },
        body,
      });
      expect(response.status).toBe(400);
      expect(response.json.error).toMatchObject({ code, field });
      expect([await balanceOf('c1'), await postingCount('c1')]).toEqual([balance, count]);
    },
  );

  it('refuses 2^53 + 1 sent as raw JSON (it parses to an unsafe number)', async () => {
    const response = await api.request('POST', '/accounts/c1/refills', {
      token: admin,
      headers: { 'idempotency-key': 'raw-big' },
      rawBody: '{"amountMicros": 9007199254740993}',
    });
    expect(response.status).toBe(400);
    expect(response.json.error.field).toBe('amountMicros');
  });

  it('refuses invalid JSON, a missing or malformed Idempotency-Key, and a self-transfer', async () => {
    const badJson = await api.request('POST', '/accounts/c1/refills', {
      token: admin,
      headers: { 'idempotency-key': 'j' },
      rawBody: '{"amountMicros":',
    });
    const noKey = await api.request('POST', '/accounts/c1/refills', {
      token: admin,
      body: { amountMicros: 1 },
    });
    const badKey = await api.request('POST', '/accounts/c1/refills', {
      token: admin,
      headers: { 'idempotency-key': 'no spaces' },
      body: { amountMicros: 1 },
    });
    const self = await api.request('POST', '/transfers', {
      token: admin,
      headers: { 'idempotency-key': 's' },
      body: { fromAccountId: 'c1', toAccountId: 'c1', amountMicros: 1 },
    });
    expect([badJson.status, badJson.json.error.code, badJson.json.error.field]).toEqual([
      400,
      'invalid_json',
      'body',
    ]);
    expect([noKey.status, noKey.json.error.field]).toEqual([400, 'Idempotency-Key']);
    expect([badKey.status, badKey.json.error.code]).toEqual([400, 'invalid_idempotency_key']);
    expect([self.status, self.json.error.field]).toEqual([400, 'toAccountId']);
  });

  it('pages postings with a cursor and refuses a forged cursor and bad limits', async () => {
    const first = await api.request('GET', '/accounts/c1/postings?limit=1', { token: admin });
    const second = await api.request(
      'GET',
      `/accounts/c1/postings?limit=1&cursor=${first.json.nextCursor}`,
      { token: admin },
    );
    const forged = await api.request('GET', '/accounts/c1/postings?cursor=abc', { token: admin });
    const badLimit = await api.request('GET', '/accounts/c1/postings?limit=1000', { token: admin });
    const unknown = await api.request('GET', '/accounts/c1/postings?sort=asc', { token: admin });
    expect(first.json.postings).toHaveLength(1);
    expect(second.json.postings[0].idempotencyKey).not.toBe(first.json.postings[0].idempotencyKey);
    expect([forged.status, forged.json.error.field]).toEqual([400, 'cursor']);
    expect([badLimit.status, badLimit.json.error.field]).toEqual([400, 'limit']);
    expect([unknown.status, unknown.json.error.code]).toEqual([400, 'unknown_field']);
  });
});
