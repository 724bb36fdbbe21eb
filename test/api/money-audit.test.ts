// The money routes against requests nobody wrote a test for yet: edge amounts (1 micro, 2^53 − 1 and past it), currencies, subtrees, closed accounts, replayed and concurrent Idempotency-Keys, and credit leases — exact status, code and field, and every balance = Σ its postings, read through the API, over real HTTP on DynamoDB Local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../functions/shared/auth/api-keys';
import { DynamoDirectory } from '../../functions/shared/dynamo/directory';
import { startTestApi, type TestApi, type TestResponse } from '../support/api';

let api: TestApi;
let admin: string;
let reseller1: string;
let reseller2: string;
/** An edge key scoped to r2's subtree, beside the seed's operator-wide key. */
let edgeR2: string;

beforeAll(async () => {
  api = await startTestApi();
  [admin, reseller1, reseller2] = (await Promise.all(
    ['admin', 'reseller1', 'reseller2'].map((login) => api.login(login)),
  )) as [string, string, string];
  edgeR2 = await edgeKey('edgeaudit2', 'r2');
  await api.request('PUT', '/currencies/EUR', { token: admin, body: { rateToBase: '1.08' } });
  for (const [accountId, currency] of [
    ['eur1', 'EUR'],
    ['usd1', 'USD'],
    ['gone1', 'USD'],
    ['halt1', 'USD'],
    ['huge1', 'USD'],
  ] as const) {
    const created = await api.request('POST', '/accounts', {
      token: admin,
      body: newCustomer(accountId, currency),
    });
    if (created.status !== 201) throw new Error(`${accountId}: ${created.text}`);
  }
});
afterAll(() => api.close());

async function edgeKey(name: string, accountId: string): Promise<string> {
  const key = issueApiKey(name);
  const directory = new DynamoDirectory(api.dynamo.documents, api.dynamo.names.directory);
  await directory.putApiKey({ keyId: key.keyId, secretHash: key.secretHash, role: 'edge', accountId, name });
  return key.apiKey;
}

function newCustomer(accountId: string, currency: string) {
  return {
    accountId,
    parentId: 'r1',
    type: 'customer',
    currency,
    mode: 'prepaid',
    number: `N-${accountId}`,
    name: `Customer ${accountId}`,
    timezone: 'Europe/Paris',
    country: 'FR',
  };
}

type Body = Record<string, unknown>;
const post = (path: string, key: string, body: Body, token = admin) =>
  api.request('POST', path, { token, headers: { 'idempotency-key': key }, body });
const refill = (accountId: string, key: string, body: Body, token = admin) =>
  post(`/accounts/${accountId}/refills`, key, body, token);
const charge = (accountId: string, key: string, body: Body, token = admin) =>
  post(`/accounts/${accountId}/charges`, key, body, token);
const transfer = (key: string, body: Body, token = admin) => post('/transfers', key, body, token);

const errorOf = (response: TestResponse) => [
  response.status,
  response.json?.error?.code,
  response.json?.error?.field,
];

async function balanceOf(accountId: string) {
  const response = await api.request('GET', `/accounts/${accountId}/balance`, { token: admin });
  expect(response.status, response.text).toBe(200);
  return response.json as {
    balanceMicros: number;
    availableMicros: number;
    reservedMicros: number;
    creditLimitMicros: number;
    mode: string;
  };
}

/** Every posting of the account, page by page through the API. */
async function postingsOf(accountId: string, token = admin) {
  const all: { amountMicros: number; idempotencyKey: string; reference: string }[] = [];
  let cursor: string | undefined;
  do {
    const query = cursor ? `&cursor=${cursor}` : '';
    const page = await api.request('GET', `/accounts/${accountId}/postings?limit=100${query}`, {
      token,
    });
    expect(page.status, page.text).toBe(200);
    all.push(...page.json.postings);
    cursor = page.json.nextCursor;
  } while (cursor);
  return all;
}

/** balance = Σ postings, available = balance (+ limit) − reserved, for each account. */
async function expectSound(...accountIds: string[]) {
  for (const accountId of accountIds) {
    const [balance, postings] = [await balanceOf(accountId), await postingsOf(accountId)];
    const sum = postings.reduce((total, posting) => total + posting.amountMicros, 0);
    const limit = balance.mode === 'postpaid' ? balance.creditLimitMicros : 0;
    expect(balance.balanceMicros, accountId).toBe(sum);
    expect(balance.availableMicros, accountId).toBe(
      balance.balanceMicros + limit - balance.reservedMicros,
    );
    expect(new Set(postings.map((p) => p.idempotencyKey)).size, accountId).toBe(postings.length);
  }
}

describe('amounts at their edges', () => {
  it('posts 1 micro exactly and shows it as 0.000001', async () => {
    const before = (await balanceOf('c1')).balanceMicros;
    const response = await refill('c1', 'audit-one-micro', { amountMicros: 1 });
    expect(response.status, response.text).toBe(201);
    expect(response.json.postings[0]).toMatchObject({ amountMicros: 1, amount: '0.000001' });
    expect((await balanceOf('c1')).balanceMicros).toBe(before + 1);
    const back = await charge('c1', 'audit-one-micro-back', { amountMicros: 1 });
    expect(back.json.postings[0]).toMatchObject({ amountMicros: -1, amount: '-0.000001' });
    await expectSound('c1');
  });

  it('reads 1e6 and 1.0 in JSON as the integers they are', async () => {
    const exponent = await api.request('POST', '/accounts/usd1/refills', {
      token: admin,
      headers: { 'idempotency-key': 'audit-exp' },
      rawBody: '{"amountMicros":1e6}',
    });
    const pointZero = await api.request('POST', '/accounts/usd1/refills', {
      token: admin,
      headers: { 'idempotency-key': 'audit-point-zero' },
      rawBody: '{"amountMicros":2.0}',
    });
    expect([exponent.status, pointZero.status]).toEqual([201, 201]);
    expect((await balanceOf('usd1')).balanceMicros).toBe(1_000_002);
    await expectSound('usd1');
  });

  const refused: [string, unknown, string][] = [
    ['a decimal string', '0.0120000', 'invalid_type'],
    ['a numeric string', '12000', 'invalid_type'],
    ['null', null, 'invalid_type'],
    ['a boolean', true, 'invalid_type'],
    ['a decimal past 6 digits', 0.0000001, 'invalid_type'],
    ['negative zero point five', -0.5, 'invalid_type'],
    ['minus one', -1, 'invalid_value'],
    ['2^53', 2 ** 53, 'invalid_value'],
    ['infinity as a big exponent', 1e400, 'invalid_type'],
  ];
  it.each(refused)('refuses a charge whose amount is %s', async (_name, amountMicros, code) => {
    const before = await balanceOf('c1');
    const response = await api.request('POST', '/accounts/c1/charges', {
      token: admin,
      headers: { 'idempotency-key': `audit-bad-${_name.replace(/\W/g, '')}` },
      rawBody: `{"amountMicros":${amountMicros === 1e400 ? '1e400' : JSON.stringify(amountMicros)}}`,
    });
    expect(errorOf(response)).toEqual([400, code, 'amountMicros']);
    expect(await balanceOf('c1')).toEqual(before);
  });

  it('takes 2^53 − 1 micros once, then refuses what would pass it, naming the amount', async () => {
    const max = Number.MAX_SAFE_INTEGER;
    const first = await refill('huge1', 'audit-max', { amountMicros: max });
    expect(first.status, first.text).toBe(201);
    expect(first.json.postings[0].amount).toBe('9007199254.740991');
    const over = await refill('huge1', 'audit-max-plus-one', { amountMicros: 1 });
    expect(errorOf(over)).toEqual([422, 'balance_out_of_range', 'amountMicros']);
    const replay = await refill('huge1', 'audit-max', { amountMicros: max });
    expect([replay.status, replay.text]).toEqual([201, first.text]);
    const all = await charge('huge1', 'audit-max-out', { amountMicros: max });
    expect(all.status, all.text).toBe(201);
    expect((await balanceOf('huge1')).balanceMicros).toBe(0);
    await expectSound('huge1');
  });

  it("refuses a postpaid refill that would carry available funds past 2^53 − 1 (the limit adds)", async () => {
    const { creditLimitMicros } = await balanceOf('c2');
    const room = Number.MAX_SAFE_INTEGER - creditLimitMicros;
    const over = await refill('c2', 'audit-pp-over', { amountMicros: room + 1 });
    expect(errorOf(over)).toEqual([422, 'balance_out_of_range', 'amountMicros']);
    const fits = await refill('c2', 'audit-pp-fits', { amountMicros: room });
    expect(fits.status, fits.text).toBe(201);
    expect(await balanceOf('c2')).toMatchObject({ balanceMicros: room, availableMicros: Number.MAX_SAFE_INTEGER });
    await expectSound('c2');
    expect((await charge('c2', 'audit-pp-back', { amountMicros: room })).status).toBe(201);
  });

  it('refuses a transfer that would carry the destination past 2^53 − 1, writing nothing', async () => {
    await refill('huge1', 'audit-max-again', { amountMicros: Number.MAX_SAFE_INTEGER - 5 });
    const c1 = await balanceOf('c1');
    const over = await transfer('audit-max-transfer', {
      fromAccountId: 'c1',
      toAccountId: 'huge1',
      amountMicros: 6,
    });
    expect(errorOf(over)).toEqual([422, 'balance_out_of_range', 'amountMicros']);
    expect(await balanceOf('c1')).toEqual(c1);
    await expectSound('c1', 'huge1');
  });
});

describe('transfers between odd pairs of accounts', () => {
  it('refuses a transfer between currencies, naming toAccountId, writing nothing', async () => {
    await refill('eur1', 'audit-eur-open', { amountMicros: 5_000_000 });
    const [c1, eur1] = [await balanceOf('c1'), await balanceOf('eur1')];
    const out = await transfer('audit-usd-eur', { fromAccountId: 'c1', toAccountId: 'eur1', amountMicros: 1 });
    const back = await transfer('audit-eur-usd', { fromAccountId: 'eur1', toAccountId: 'c1', amountMicros: 1 });
    expect(errorOf(out)).toEqual([422, 'currency_mismatch', 'toAccountId']);
    expect(errorOf(back)).toEqual([422, 'currency_mismatch', 'toAccountId']);
    expect([await balanceOf('c1'), await balanceOf('eur1')]).toEqual([c1, eur1]);
  });

  it('answers 404 for an account nobody has, on the field that named it', async () => {
    const to = await transfer('audit-to-nobody', { fromAccountId: 'c1', toAccountId: 'nobody', amountMicros: 1 });
    const from = await transfer('audit-from-nobody', { fromAccountId: 'nobody', toAccountId: 'c1', amountMicros: 1 });
    const refilled = await refill('nobody', 'audit-refill-nobody', { amountMicros: 1 });
    expect(errorOf(to)).toEqual([404, 'account_not_found', 'toAccountId']);
    expect(errorOf(from)).toEqual([404, 'account_not_found', 'fromAccountId']);
    expect(errorOf(refilled)).toEqual([404, 'account_not_found', 'accountId']);
  });

  it("keeps a reseller inside its subtree both ways, and off its own account and its parent's", async () => {
    const before = await Promise.all(['r1', 'c1', 'c4', 'r2', 'op'].map(balanceOf));
    const out = await transfer('audit-r1-c4', { fromAccountId: 'c1', toAccountId: 'c4', amountMicros: 1 }, reseller1);
    const into = await transfer('audit-r2-c1', { fromAccountId: 'c4', toAccountId: 'c1', amountMicros: 1 }, reseller1);
    const self = await transfer('audit-c1-r1', { fromAccountId: 'c1', toAccountId: 'r1', amountMicros: 1 }, reseller1);
    const up = await transfer('audit-r1-op', { fromAccountId: 'r1', toAccountId: 'op', amountMicros: 1 }, reseller1);
    const ownRefill = await refill('r1', 'audit-r1-own', { amountMicros: 1 }, reseller1);
    const foreignRefill = await refill('c4', 'audit-r1-c4-refill', { amountMicros: 1 }, reseller1);
    const foreignCharge = await charge('c1', 'audit-r2-c1-charge', { amountMicros: 1 }, reseller2);
    expect(errorOf(out)).toEqual([404, 'account_not_found', 'toAccountId']);
    expect(errorOf(into)).toEqual([404, 'account_not_found', 'fromAccountId']);
    expect(errorOf(self)).toEqual([404, 'account_not_found', 'toAccountId']);
    expect(errorOf(up)).toEqual([404, 'account_not_found', 'toAccountId']);
    expect(errorOf(ownRefill)).toEqual([404, 'account_not_found', 'accountId']);
    expect(errorOf(foreignRefill)).toEqual([404, 'account_not_found', 'accountId']);
    expect(errorOf(foreignCharge)).toEqual([404, 'account_not_found', 'accountId']);
    expect(await Promise.all(['r1', 'c1', 'c4', 'r2', 'op'].map(balanceOf))).toEqual(before);
  });

  it('refuses a customer and the read-only sub_admin any money move (403)', async () => {
    const [alice, auditor] = [await api.login('alice'), await api.login('auditor')];
    const byCustomer = await refill('c1', 'audit-alice', { amountMicros: 1 }, alice);
    const byAuditor = await transfer('audit-auditor', { fromAccountId: 'r1', toAccountId: 'c1', amountMicros: 1 }, auditor);
    expect(errorOf(byCustomer)).toEqual([403, 'forbidden', null]);
    expect(byAuditor.status).toBe(403);
  });

  it('moves funds across resellers for the admin, and no reader sees the other side', async () => {
    const moved = await transfer('audit-cross', {
      fromAccountId: 'c4',
      toAccountId: 'c1',
      amountMicros: 1_234_567,
      reference: 'cross',
    });
    expect(moved.status, moved.text).toBe(201);
    await expectSound('c1', 'c4');
    const seenByR1 = await postingsOf('c1', reseller1);
    const mine = seenByR1.find((posting) => posting.idempotencyKey === 'audit-cross');
    expect(mine).toMatchObject({ amountMicros: 1_234_567, reference: 'from another account: cross' });
    expect(JSON.stringify(seenByR1)).not.toContain('c4');
    const seenByAlice = await postingsOf('c1', await api.login('alice'));
    expect(seenByAlice.find((p) => p.idempotencyKey === 'audit-cross')?.reference).toBe(
      'from another account: cross',
    );
    const seenByAdmin = await postingsOf('c1');
    expect(seenByAdmin.find((p) => p.idempotencyKey === 'audit-cross')?.reference).toBe('from c4: cross');
    const seenByR2 = await postingsOf('c4', reseller2);
    expect(seenByR2.find((p) => p.idempotencyKey === 'audit-cross')?.reference).toBe('to another account: cross');
    const inside = await transfer('audit-inside', { fromAccountId: 'r1', toAccountId: 'c1', amountMicros: 1 }, reseller1);
    expect(inside.status).toBe(201);
    const seenInside = await postingsOf('c1', reseller1);
    expect(seenInside.find((p) => p.idempotencyKey === 'audit-inside')?.reference).toBe('from r1');
    const r2reads = await api.request('GET', '/accounts/c1/postings', { token: reseller2 });
    expect(errorOf(r2reads)).toEqual([404, 'account_not_found', 'accountId']);
  });

  it('lets a postpaid account transfer down to its credit limit and not a micro further', async () => {
    const start = await balanceOf('p2');
    const floor = start.availableMicros;
    const over = await transfer('audit-pp-over', { fromAccountId: 'p2', toAccountId: 'c3', amountMicros: floor + 1 });
    expect(errorOf(over)).toEqual([422, 'insufficient_funds', 'amountMicros']);
    const exact = await transfer('audit-pp-exact', { fromAccountId: 'p2', toAccountId: 'c3', amountMicros: floor });
    expect(exact.status, exact.text).toBe(201);
    expect(await balanceOf('p2')).toMatchObject({
      balanceMicros: start.balanceMicros - floor,
      availableMicros: 0,
    });
    await expectSound('p2', 'c3');
  });
});

describe('closed accounts', () => {
  beforeAll(async () => {
    await refill('gone1', 'audit-gone-open', { amountMicros: 3_000_000 });
    const closed = await api.request('PATCH', '/accounts/gone1', { token: admin, body: { status: 'closed' } });
    if (closed.status !== 200) throw new Error(closed.text);
  });

  it('takes no money into a closed account (409 account_closed on the field naming it)', async () => {
    const before = await balanceOf('gone1');
    const refilled = await refill('gone1', 'audit-gone-refill', { amountMicros: 1 });
    const moved = await transfer('audit-gone-in', { fromAccountId: 'c1', toAccountId: 'gone1', amountMicros: 1 });
    expect(errorOf(refilled)).toEqual([409, 'account_closed', 'accountId']);
    expect(errorOf(moved)).toEqual([409, 'account_closed', 'toAccountId']);
    expect(await balanceOf('gone1')).toEqual(before);
    await expectSound('gone1', 'c1');
  });

  it('lets its remaining balance be charged or moved out; a retried earlier credit is refused', async () => {
    const retried = await refill('gone1', 'audit-gone-open', { amountMicros: 3_000_000 });
    expect(errorOf(retried)).toEqual([409, 'account_closed', 'accountId']);
    const out = await transfer('audit-gone-out', { fromAccountId: 'gone1', toAccountId: 'c1', amountMicros: 2_000_000 });
    const charged = await charge('gone1', 'audit-gone-charge', { amountMicros: 1_000_000 });
    expect([out.status, charged.status]).toEqual([201, 201]);
    expect((await balanceOf('gone1')).balanceMicros).toBe(0);
    await expectSound('gone1', 'c1');
  });
});

describe('Idempotency-Key replays', () => {
  it('answers 10 concurrent identical refills with one posting and one body', async () => {
    const before = (await balanceOf('c3')).balanceMicros;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => refill('c3', 'audit-burst', { amountMicros: 777, reference: 'burst' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') !== 'true').length).toBeLessThanOrEqual(1);
    expect((await balanceOf('c3')).balanceMicros).toBe(before + 777);
    expect((await postingsOf('c3')).filter((p) => p.idempotencyKey === 'audit-burst')).toHaveLength(1);
    await expectSound('c3');
  });

  it('lets one of 10 concurrent refills with one key and different amounts win, 409 for the rest', async () => {
    const before = (await balanceOf('c3')).balanceMicros;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => refill('c3', 'audit-race', { amountMicros: 1000 + i })),
    );
    const won = answers.filter((a) => a.status === 201);
    expect(won).toHaveLength(1);
    for (const lost of answers.filter((a) => a.status !== 201)) {
      expect(errorOf(lost)).toEqual([409, 'posting_exists_with_different_amount', 'amountMicros']);
    }
    expect((await balanceOf('c3')).balanceMicros).toBe(before + won[0]!.json.postings[0].amountMicros);
    await expectSound('c3');
  });

  it('answers 10 concurrent identical transfers with one pair of postings', async () => {
    const [r1a, c3] = [(await balanceOf('r1a')).balanceMicros, (await balanceOf('c3')).balanceMicros];
    const body = { fromAccountId: 'r1a', toAccountId: 'c3', amountMicros: 1_000_001 };
    const answers = await Promise.all(Array.from({ length: 10 }, () => transfer('audit-tr-burst', body)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect((await balanceOf('r1a')).balanceMicros).toBe(r1a - 1_000_001);
    expect((await balanceOf('c3')).balanceMicros).toBe(c3 + 1_000_001);
    await expectSound('r1a', 'c3');
  });

  it('names the differing field: reference, kind, actor; nothing written', async () => {
    const first = await refill('c3', 'audit-differ', { amountMicros: 5, reference: 'a' });
    expect(first.status).toBe(201);
    const before = await balanceOf('c3');
    const reference = await refill('c3', 'audit-differ', { amountMicros: 5, reference: 'b' });
    const noReference = await refill('c3', 'audit-differ', { amountMicros: 5 });
    const kind = await charge('c3', 'audit-differ', { amountMicros: 5, reference: 'a' });
    const actor = await refill('c3', 'audit-differ', { amountMicros: 5, reference: 'a' }, reseller1);
    expect(errorOf(reference)).toEqual([409, 'posting_exists_with_different_reference', 'reference']);
    expect(errorOf(noReference)).toEqual([409, 'posting_exists_with_different_reference', 'reference']);
    expect(errorOf(kind)[0]).toBe(409);
    expect(errorOf(actor)).toEqual([409, 'posting_exists_with_different_actor', 'actor']);
    expect(await balanceOf('c3')).toEqual(before);
  });

  it('treats an omitted reference and an empty one as the same content', async () => {
    const first = await refill('c3', 'audit-empty-ref', { amountMicros: 9 });
    const again = await refill('c3', 'audit-empty-ref', { amountMicros: 9, reference: '' });
    expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
  });

  it('scopes a key to its account: the same key on another account is another posting', async () => {
    const [c1, c3] = [(await balanceOf('c1')).balanceMicros, (await balanceOf('c3')).balanceMicros];
    const one = await refill('c1', 'audit-shared-key', { amountMicros: 10 });
    const other = await refill('c3', 'audit-shared-key', { amountMicros: 10 });
    expect([one.status, other.status, other.headers.get('idempotent-replayed')]).toEqual([201, 201, null]);
    expect([(await balanceOf('c1')).balanceMicros, (await balanceOf('c3')).balanceMicros]).toEqual([c1 + 10, c3 + 10]);
    await expectSound('c1', 'c3');
  });

  it('refuses a transfer key reused with another destination or source, writing nothing', async () => {
    const first = await transfer('audit-tr-key', { fromAccountId: 'r1', toAccountId: 'c3', amountMicros: 50 });
    expect(first.status).toBe(201);
    const balances = await Promise.all(['r1', 'c3', 'r1a', 'c1'].map(balanceOf));
    const elsewhere = await transfer('audit-tr-key', { fromAccountId: 'r1', toAccountId: 'r1a', amountMicros: 50 });
    const fromElsewhere = await transfer('audit-tr-key', { fromAccountId: 'c1', toAccountId: 'c3', amountMicros: 50 });
    const more = await transfer('audit-tr-key', { fromAccountId: 'r1', toAccountId: 'c3', amountMicros: 51 });
    const asRefill = await refill('c3', 'audit-tr-key', { amountMicros: 50 });
    expect(errorOf(elsewhere)).toEqual([409, 'posting_exists_with_different_reference', 'toAccountId']);
    expect(errorOf(fromElsewhere)).toEqual([409, 'posting_exists_with_different_reference', 'fromAccountId']);
    expect(errorOf(more)).toEqual([409, 'posting_exists_with_different_amount', 'amountMicros']);
    expect(errorOf(asRefill)[0]).toBe(409);
    expect(await Promise.all(['r1', 'c3', 'r1a', 'c1'].map(balanceOf))).toEqual(balances);
    await expectSound('r1', 'c3', 'r1a', 'c1');
  });

  it('writes a charge refused for funds later under the same key, once there is money', async () => {
    const { availableMicros } = await balanceOf('c3');
    const refused = await charge('c3', 'audit-later', { amountMicros: availableMicros + 1 });
    expect(errorOf(refused)).toEqual([422, 'insufficient_funds', 'amountMicros']);
    await refill('c3', 'audit-later-money', { amountMicros: 1 });
    const later = await charge('c3', 'audit-later', { amountMicros: availableMicros + 1 });
    expect([later.status, later.headers.get('idempotent-replayed')]).toEqual([201, null]);
    expect((await balanceOf('c3')).availableMicros).toBe(0);
    await expectSound('c3');
  });

  it('takes a 128-character key and refuses a 129-character one', async () => {
    const ok = await refill('c3', 'k'.repeat(128), { amountMicros: 1 });
    const long = await refill('c3', 'k'.repeat(129), { amountMicros: 1 });
    expect(ok.status).toBe(201);
    expect(errorOf(long)).toEqual([400, 'invalid_idempotency_key', 'Idempotency-Key']);
  });
});

describe('credit leases at their edges', () => {
  const edge = (method: string, path: string, body?: unknown, apiKey = api.seed.edgeApiKey) =>
    api.request(method, path, { apiKey, body });
  const grant = (body: Body, apiKey?: string) => edge('POST', '/edge/leases', body, apiKey);
  const leaseError = (response: TestResponse) => [response.status, response.json?.code, response.json?.field];
  let leaseSeq = 0;
  const newLeaseId = () => `audit-lease-${++leaseSeq}`;
  /** reserved on the balance = what the account's open leases still hold there. */
  async function expectReservedIsOutstanding(accountId: string) {
    const view = await api.request('GET', `/accounts/${accountId}/leases`, { token: admin });
    expect(view.status).toBe(200);
    expect((await balanceOf(accountId)).reservedMicros, accountId).toBe(view.json.outstandingMicros);
  }

  it('refuses a grant with an odd amount or TTL, naming the field, reserving nothing', async () => {
    const before = await Promise.all(['c1', 'r1'].map(balanceOf));
    const cases: [Body, string][] = [
      [{ amountMicros: 0 }, 'amountMicros'],
      [{ amountMicros: -1 }, 'amountMicros'],
      [{ amountMicros: '1000' }, 'amountMicros'],
      [{ amountMicros: 1.5 }, 'amountMicros'],
      [{ amountMicros: 2 ** 53 }, 'amountMicros'],
      [{ amountMicros: 1, ttlSeconds: 0 }, 'ttlSeconds'],
      [{ amountMicros: 1, ttlSeconds: 10 ** 9 }, 'ttlSeconds'],
      [{ amountMicros: 1, accountId: 'not an id' }, 'accountId'],
    ];
    for (const [odd, field] of cases) {
      const refused = await grant({ leaseId: newLeaseId(), accountId: 'c1', ...odd });
      expect(refused.status, JSON.stringify(odd)).toBe(400);
      expect(refused.json.error.field, JSON.stringify(odd)).toBe(field);
    }
    const poor = await grant({ leaseId: newLeaseId(), accountId: 'c1', amountMicros: Number.MAX_SAFE_INTEGER });
    expect(leaseError(poor)).toEqual([402, 'insufficient_funds', 'amountMicros']);
    expect(poor.json.accountId).toBe('c1');
    expect(await Promise.all(['c1', 'r1'].map(balanceOf))).toEqual(before);
  });

  it('grants 1 micro at every level, replays it, and refuses other content under its id', async () => {
    const leaseId = newLeaseId();
    const body = { leaseId, accountId: 'c1', amountMicros: 1, ttlSeconds: 600 };
    const [c1, r1] = await Promise.all(['c1', 'r1'].map(balanceOf));
    const granted = await grant(body);
    expect(granted.status, granted.text).toBe(201);
    expect(granted.json.lease.levels.map((l: { accountId: string; reservedMicros: number }) => [l.accountId, l.reservedMicros]))
      .toEqual([['c1', 1], ['r1', 1]]);
    expect((await balanceOf('c1')).availableMicros).toBe(c1!.availableMicros - 1);
    expect((await balanceOf('r1')).availableMicros).toBe(r1!.availableMicros - 1);
    const replays = await Promise.all(Array.from({ length: 10 }, () => grant(body)));
    expect(replays.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await balanceOf('c1')).reservedMicros).toBe(c1!.reservedMicros + 1);
    expect(leaseError(await grant({ ...body, amountMicros: 2 }))).toEqual([409, 'lease_exists', 'amountMicros']);
    expect(leaseError(await grant({ ...body, accountId: 'c3' }))[1]).toBe('lease_exists');
    expect(leaseError(await grant({ ...body, accountId: 'c4' }, edgeR2))).toEqual([403, 'wrong_edge', null]);
    await expectReservedIsOutstanding('c1');
    await expectSound('c1', 'r1');
  });

  it("keeps an edge to its key's subtree and off another edge's lease", async () => {
    const foreign = await grant({ leaseId: newLeaseId(), accountId: 'c1', amountMicros: 5 }, edgeR2);
    // The guard's 404 (docs/leases.md): the house envelope, as for every route.
    expect(errorOf(foreign)).toEqual([404, 'account_not_found', 'accountId']);
    const leaseId = newLeaseId();
    expect((await grant({ leaseId, accountId: 'c1', amountMicros: 1_000 })).status).toBe(201);
    const before = await balanceOf('c1');
    const topUp = await edge('POST', `/edge/leases/${leaseId}/top-up`, { topUpId: 't1', amountMicros: 5 }, edgeR2);
    const close = await edge('POST', `/edge/leases/${leaseId}/close`, { callCount: 0 }, edgeR2);
    const abandon = await edge('POST', `/edge/leases/${leaseId}/abandon`, { drained: true }, edgeR2);
    for (const refused of [topUp, close, abandon]) expect(leaseError(refused)).toEqual([403, 'wrong_edge', null]);
    const listed = await edge('GET', '/edge/leases', undefined, edgeR2);
    expect(listed.json.leases.map((l: { leaseId: string }) => l.leaseId)).not.toContain(leaseId);
    expect(await balanceOf('c1')).toEqual(before);
  });

  it('answers 404 for a lease nobody granted, on every command', async () => {
    for (const [verb, body] of [
      ['top-up', { topUpId: 't', amountMicros: 1 }],
      ['close', { callCount: 0 }],
      ['abandon', { drained: false }],
    ] as const) {
      const missing = await edge('POST', `/edge/leases/audit-no-such-lease/${verb}`, body);
      expect(leaseError(missing), verb).toEqual([404, 'lease_not_found', null]);
    }
  });

  it('tops up once per id, refuses odd amounts and a reused id, and respects every level', async () => {
    const leaseId = newLeaseId();
    await grant({ leaseId, accountId: 'c1', amountMicros: 1_000 });
    const topUp = (body: Body) => edge('POST', `/edge/leases/${leaseId}/top-up`, body);
    expect((await topUp({ topUpId: 'a', amountMicros: 0 })).json.error.field).toBe('amountMicros');
    expect((await topUp({ topUpId: 'a', amountMicros: -3 })).status).toBe(400);
    expect((await topUp({ topUpId: 'bad id!', amountMicros: 3 })).json.error.field).toBe('topUpId');
    const once = await topUp({ topUpId: 'a', amountMicros: 3 });
    const twice = await topUp({ topUpId: 'a', amountMicros: 3 });
    expect([once.status, twice.status]).toEqual([200, 200]);
    expect(twice.json.lease.levels[0].reservedMicros).toBe(1_003);
    expect(leaseError(await topUp({ topUpId: 'a', amountMicros: 4 }))).toEqual([409, 'lease_exists', 'amountMicros']);
    const { availableMicros } = await balanceOf('c1');
    const poor = await topUp({ topUpId: 'b', amountMicros: availableMicros + 1 });
    expect(leaseError(poor)).toEqual([402, 'insufficient_funds', 'amountMicros']);
    await expectReservedIsOutstanding('c1');
    await expectSound('c1', 'r1');
  });

  it('holds reserved money against charges and transfers until the lease returns it', async () => {
    const leaseId = newLeaseId();
    const { availableMicros } = await balanceOf('c1');
    expect((await grant({ leaseId, accountId: 'c1', amountMicros: availableMicros })).status).toBe(201);
    expect((await balanceOf('c1')).availableMicros).toBe(0);
    const charged = await charge('c1', 'audit-held-charge', { amountMicros: 1 });
    const moved = await transfer('audit-held-transfer', { fromAccountId: 'c1', toAccountId: 'c3', amountMicros: 1 });
    expect(errorOf(charged)).toEqual([422, 'insufficient_funds', 'amountMicros']);
    expect(errorOf(moved)).toEqual([422, 'insufficient_funds', 'amountMicros']);
    const closed = await edge('POST', `/edge/leases/${leaseId}/close`, { callCount: 0 });
    expect(closed.json.lease.state).toBe('closed');
    expect((await balanceOf('c1')).availableMicros).toBe(availableMicros);
    await expectReservedIsOutstanding('c1');
    await expectSound('c1', 'r1', 'c3');
  });

  it('closes with one call count, twice; refuses another count, a top-up and an abandon after', async () => {
    const leaseId = newLeaseId();
    await grant({ leaseId, accountId: 'c1', amountMicros: 10 });
    const close = (callCount: unknown) => edge('POST', `/edge/leases/${leaseId}/close`, { callCount });
    expect((await close(-1)).json.error.field).toBe('callCount');
    expect((await close(1.5)).json.error.field).toBe('callCount');
    const first = await close(2);
    const again = await close(2);
    expect([first.status, again.status, again.json.lease.state]).toEqual([200, 200, 'closing']);
    expect(leaseError(await close(3))).toEqual([409, 'lease_not_active', null]);
    const topUp = await edge('POST', `/edge/leases/${leaseId}/top-up`, { topUpId: 'late', amountMicros: 1 });
    expect(leaseError(topUp)[0]).toBe(409);
    await expectReservedIsOutstanding('c1');
  });

  it('refuses a top-up after expiry and still takes the close that returns the money', async () => {
    const leaseId = newLeaseId();
    const before = await balanceOf('c1');
    const granted = await grant({ leaseId, accountId: 'c1', amountMicros: 500, ttlSeconds: 1 });
    expect(granted.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, granted.json.lease.expiresAtEpochMs - Date.now() + 50));
    const topUp = await edge('POST', `/edge/leases/${leaseId}/top-up`, { topUpId: 'x', amountMicros: 1 });
    expect(leaseError(topUp)[0]).toBe(409);
    expect(topUp.json.code).toBe('lease_not_active');
    const closed = await edge('POST', `/edge/leases/${leaseId}/close`, { callCount: 0 });
    expect([closed.status, closed.json.lease.state]).toEqual([200, 'closed']);
    const replay = await grant({ leaseId, accountId: 'c1', amountMicros: 500, ttlSeconds: 1 });
    expect(replay.status).toBe(200);
    expect(await balanceOf('c1')).toEqual(before);
    await expectSound('c1', 'r1');
  });

  it('abandons twice, keeps drained once set, and refuses a top-up after', async () => {
    const leaseId = newLeaseId();
    await grant({ leaseId, accountId: 'c1', amountMicros: 20 });
    const abandon = (drained: unknown) => edge('POST', `/edge/leases/${leaseId}/abandon`, { drained });
    expect((await abandon('yes')).json.error.field).toBe('drained');
    const drained = await abandon(true);
    const again = await abandon(false);
    expect([drained.status, again.status, again.json.lease.state, again.json.lease.drained]).toEqual([
      200, 200, 'abandoned', true,
    ]);
    const topUp = await edge('POST', `/edge/leases/${leaseId}/top-up`, { topUpId: 'y', amountMicros: 1 });
    expect(leaseError(topUp)).toEqual([409, 'lease_not_active', null]);
    await expectReservedIsOutstanding('c1');
  });

  it('writes a lease off once, admin only, on its own account only', async () => {
    const leaseId = newLeaseId();
    const before = await balanceOf('c1');
    await grant({ leaseId, accountId: 'c1', amountMicros: 30 });
    const path = (accountId: string) => `/accounts/${accountId}/leases/${leaseId}/write-off`;
    const byReseller = await api.request('POST', path('c1'), { token: reseller1, body: { reason: 'x' } });
    const elsewhere = await api.request('POST', path('c3'), { token: admin, body: { reason: 'x' } });
    const blank = await api.request('POST', path('c1'), { token: admin, body: { reason: '   ' } });
    expect(errorOf(byReseller)).toEqual([403, 'forbidden', null]);
    expect(leaseError(elsewhere)).toEqual([404, 'lease_not_found', null]);
    expect(blank.json.error.field).toBe('reason');
    const first = await api.request('POST', path('c1'), { token: admin, body: { reason: 'edge lost' } });
    const second = await api.request('POST', path('c1'), { token: admin, body: { reason: 'edge lost' } });
    expect([first.status, first.json.lease.state]).toEqual([200, 'written_off']);
    expect(leaseError(second)).toEqual([409, 'lease_not_active', null]);
    expect(await balanceOf('c1')).toEqual(before);
    await expectSound('c1', 'r1');
  });

  it('grants on a postpaid account down to its credit limit and not a micro further', async () => {
    const { availableMicros } = await balanceOf('c2');
    const over = await grant({ leaseId: newLeaseId(), accountId: 'c2', amountMicros: availableMicros + 1 });
    expect(leaseError(over)).toEqual([402, 'insufficient_funds', 'amountMicros']);
    const exact = await grant({ leaseId: newLeaseId(), accountId: 'c2', amountMicros: availableMicros });
    expect(exact.status, exact.text).toBe(201);
    expect((await balanceOf('c2')).availableMicros).toBe(0);
    expect(errorOf(await charge('c2', 'audit-pp-leased', { amountMicros: 1 }))).toEqual([
      422, 'insufficient_funds', 'amountMicros',
    ]);
    await expectReservedIsOutstanding('c2');
    await expectSound('c2');
  });

  it('reserves nothing for a suspended or closed account (409 on accountId)', async () => {
    await refill('halt1', 'audit-halt-open', { amountMicros: 1_000_000 });
    const earlier = { leaseId: newLeaseId(), accountId: 'halt1', amountMicros: 7 };
    expect((await grant(earlier)).status).toBe(201);
    const suspended = await api.request('PATCH', '/accounts/halt1', { token: admin, body: { status: 'suspended' } });
    expect(suspended.status, suspended.text).toBe(200);
    const before = await Promise.all(['halt1', 'r1'].map(balanceOf));
    const onSuspended = await grant({ leaseId: newLeaseId(), accountId: 'halt1', amountMicros: 100 });
    const onClosed = await grant({ leaseId: newLeaseId(), accountId: 'gone1', amountMicros: 1 });
    expect(leaseError(onSuspended)).toEqual([409, 'account_suspended', 'accountId']);
    expect(leaseError(onClosed)).toEqual([409, 'account_closed', 'accountId']);
    const retried = await grant(earlier);
    expect([retried.status, retried.json.lease?.leaseId]).toEqual([200, earlier.leaseId]);
    expect(await Promise.all(['halt1', 'r1'].map(balanceOf))).toEqual(before);
  });
});
