// Proves CDR search and CSV export through the real API on DynamoDB Local: each role finds exactly the CDRs of its subtree (admin all, with the unrated one), filters by number prefix, disposition, cause and time, pages with an opaque cursor without loss or repeat, masks the dialled number in customer views (and the masked digits cannot be searched), and exports the same rows as CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CdrSearchStore, type SearchCursor } from '../../functions/shared/dynamo/cdr-search';
import { startTestApi, type TestApi } from '../support/api';
import { postCalls, readingCalls, uuidOf } from './reading-calls';

let api: TestApi;
const tokens: Record<string, string> = {};
// Answered after the seed published the demo decks (so that they are in force).
let START = 0;
let calls: ReturnType<typeof readingCalls> = [];
let RANGE = '';
const idsOf = (accounts: string[]) =>
  calls
    .filter((call) => accounts.includes(call.cdr.tollgate?.account ?? ''))
    .map(uuidOf)
    .sort();

beforeAll(async () => {
  api = await startTestApi();
  START = Date.now() + 1_000;
  calls = readingCalls(START);
  RANGE = `fromEpochMs=${START - 60_000}&toEpochMs=${START + 3_600_000}`;
  for (const login of ['admin', 'auditor', 'reseller1', 'alice', 'carrier'])
    tokens[login] = await api.login(login);
  await postCalls(api, calls);
});
afterAll(() => api.close());

async function search(login: string, path: string) {
  const response = await api.request('GET', path, { token: tokens[login] });
  expect(response.status, response.text).toBe(200);
  return response.json as { cdrs: Record<string, any>[]; nextCursor?: string };
}
const ids = (page: { cdrs: Record<string, any>[] }) => page.cdrs.map((cdr) => cdr.id).sort();

describe('CDR search per role', () => {
  it('admin and sub_admin see every CDR from the root, the unrated one included', async () => {
    for (const login of ['admin', 'auditor']) {
      const page = await search(login, `/accounts/op/cdrs?${RANGE}&subtree=true&limit=100`);
      expect(ids(page)).toEqual(calls.map(uuidOf).sort());
      const unrated = page.cdrs.find((cdr) => cdr.status === 'unrated');
      expect(unrated).toMatchObject({ disposition: 'unrated', reason: 'unknown_account' });
    }
  });

  it("a reseller sees its subtree's CDRs and nothing of another reseller", async () => {
    const page = await search('reseller1', `/accounts/r1/cdrs?${RANGE}&subtree=true&limit=100`);
    expect(ids(page)).toEqual(idsOf(['c1', 'c2', 'c3']));
    const c3 = page.cdrs.find((cdr) => cdr.accountId === 'c3')!;
    // r1 sees c3's, r1a's and its own charges, not the operator's revenue or a carrier cost.
    expect(c3.charges.map((c: { accountId: string }) => c.accountId)).toEqual(['c3', 'r1a', 'r1']);
    expect(c3.revenueMicros).toBeUndefined();
    const foreign = await api.request('GET', `/accounts/c4/cdrs?${RANGE}`, {
      token: tokens.reseller1,
    });
    expect(foreign.status).toBe(404);
  });

  it('a customer sees its own CDRs, its own charge only, the dialled number masked', async () => {
    const page = await search('alice', `/accounts/c1/cdrs?${RANGE}&subtree=true&limit=100`);
    expect(ids(page)).toEqual(idsOf(['c1']));
    for (const cdr of page.cdrs) {
      expect(cdr.callee).toMatch(/^\d+xxx$/);
      expect(cdr.charges.every((c: { accountId: string }) => c.accountId === 'c1')).toBe(true);
    }
    const unmaskedAsked = await search('alice', `/accounts/c1/cdrs?${RANGE}&mask=0`);
    expect(unmaskedAsked.cdrs.map((cdr) => cdr.callee)).toContain('442071234xxx');
    const other = await api.request('GET', `/accounts/c2/cdrs?${RANGE}`, { token: tokens.alice });
    expect(other.status).toBe(404);
  });

  it('a provider sees its own account (no calls) and staff see numbers whole', async () => {
    expect((await search('carrier', `/accounts/p1/cdrs?${RANGE}`)).cdrs).toEqual([]);
    const staff = await search('reseller1', `/accounts/c1/cdrs?${RANGE}&dialled=4420`);
    expect(staff.cdrs.map((cdr) => cdr.callee)).toEqual(Array(3).fill('442071234567'));
    const masked = await search('reseller1', `/accounts/c1/cdrs?${RANGE}&dialled=4420&mask=4`);
    expect(masked.cdrs[0]!.callee).toBe('44207123xxxx');
  });
});

describe('CDR search filters and paging', () => {
  const root = () => `/accounts/op/cdrs?${RANGE}&subtree=true&limit=100`;

  it('filters by dialled and caller prefix, disposition, cause and time', async () => {
    const [first, second, failed, france, c2] = calls;
    expect(ids(await search('admin', `${root()}&dialled=%2B336`))).toEqual([uuidOf(france!)]);
    expect(ids(await search('admin', `${root()}&caller=1555999`))).toEqual([uuidOf(c2!)]);
    const noAnswer = await search('admin', `${root()}&disposition=failed&hangupCause=NO_ANSWER`);
    expect(ids(noAnswer)).toEqual([uuidOf(failed!), uuidOf(calls[7]!)].sort());
    const window = `fromEpochMs=${START - 60_000}&toEpochMs=${START + 30_000}`;
    const early = await search('admin', `/accounts/op/cdrs?${window}&subtree=true`);
    expect(ids(early)).toEqual([uuidOf(first!)]);
    const answered = await search('alice', `/accounts/c1/cdrs?${RANGE}&disposition=answered`);
    expect(ids(answered)).toEqual([first, second, france].map((call) => uuidOf(call!)).sort());
  });

  it('cannot find masked digits by searching for them', async () => {
    const own = `/accounts/c1/cdrs?${RANGE}`;
    expect((await search('alice', `${own}&dialled=442071234567`)).cdrs).toEqual([]);
    // The three London calls of c1 (answered or not), found by their visible digits.
    expect((await search('alice', `${own}&dialled=442071234`)).cdrs).toHaveLength(3);
  });

  it('pages with the cursor: every CDR once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search(
        'admin',
        `/accounts/op/cdrs?${RANGE}&subtree=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.cdrs.map((cdr) => cdr.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toHaveLength(calls.length);
    expect([...seen].sort()).toEqual(calls.map(uuidOf).sort());
  });

  it('stops at the page budget with a cursor, and resumes to the same answer', async () => {
    const rater = api.deps.cdrs.rater;
    const store = new CdrSearchStore(rater.documents, rater.cdrs.tableName);
    const filter = { fromEpochMs: START - 60_000, toEpochMs: START + 3_600_000 };
    const seen: string[] = [];
    let cursor: SearchCursor | undefined;
    let requests = 0;
    do {
      const request = { filter, keyPrefix: '/', limit: 100, maxPages: 1 };
      const found = await store.search(cursor ? { ...request, cursor } : request);
      expect(found.pagesRead).toBe(1);
      seen.push(...found.hits.map((hit) => hit.entry.id));
      cursor = found.next;
      requests += 1;
    } while (cursor && requests < 50);
    // One page per account (c1, c2, c3, c4) and one for the unrated CDR: five budgets of one.
    expect(requests).toBe(5);
    expect(seen.sort()).toEqual(calls.map(uuidOf).sort());
  });

  it('refuses a bad range, number or cursor: 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['fromEpochMs=0', 'toEpochMs'],
      ['fromEpochMs=10&toEpochMs=5', 'toEpochMs'],
      [`fromEpochMs=0&toEpochMs=${32 * 86_400_000}`, 'toEpochMs'],
      [`${RANGE}&cursor=bm90LWEtY3Vyc29y`, 'cursor'],
      [`${RANGE}&dialled=44abc`, 'dialled'],
    ];
    for (const [query, field] of cases) {
      const response = await api.request('GET', `/accounts/c1/cdrs?${query}`, {
        token: tokens.admin,
      });
      expect(response.status, query).toBe(400);
      expect(response.json.error.field, query).toBe(field);
    }
  });
});

describe('CDR CSV export', () => {
  async function exportCsv(login: string, accountId: string, body: Record<string, unknown>) {
    const response = await api.request('POST', `/accounts/${accountId}/cdrs/exports`, {
      token: tokens[login],
      body: { fromEpochMs: START - 60_000, toEpochMs: START + 3_600_000, ...body },
    });
    expect(response.status, response.text).toBe(200);
    const csv = await (await fetch(response.json.download.url)).text();
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    const columns = header!.split(',');
    const rows = lines.map((line) =>
      Object.fromEntries(line.split(',').map((value, index) => [columns[index], value])),
    );
    return { json: response.json, columns, rows };
  }

  it("writes a reseller's subtree as CSV with the documented columns", async () => {
    const { json, columns, rows } = await exportCsv('reseller1', 'r1', { subtree: true });
    expect(columns).toEqual([
      'id', 'accountId', 'leg', 'status', 'disposition', 'reason', 'startedAt', 'answeredAt',
      'endedAt', 'caller', 'callee', 'billsec', 'billableSeconds', 'hangupCause', 'prefix',
      'currency', 'charge', 'charges', 'revenueMicros', 'carrierCostMicros', 'trunk',
    ]);
    expect(json.rows).toBe(6);
    expect(rows.map((row) => row.id).sort()).toEqual(idsOf(['c1', 'c2', 'c3']));
    const second = rows.find((row) => row.id === uuidOf(calls[1]!))!;
    expect(second).toMatchObject({ accountId: 'c1', callee: '442071234567', billsec: '125' });
    expect(second.startedAt).toBe(new Date(START + 60_000 - 2_000).toISOString());
  });

  it("masks a customer's export and holds its own calls only", async () => {
    const { rows } = await exportCsv('alice', 'c1', {});
    expect(rows.map((row) => row.id).sort()).toEqual(idsOf(['c1']));
    expect(rows.every((row) => /xxx$/.test(row.callee!))).toBe(true);
    const first = rows.find((row) => row.id === uuidOf(calls[0]!))!;
    const stored = await api.deps.cdrs.rater.cdrs.get(uuidOf(calls[0]!));
    const own = (stored!.charges as { accountId: string; chargeMicros: number }[])[0]!;
    expect(first.charge).toBe((own.chargeMicros / 1e6).toFixed(6));
  });
});
