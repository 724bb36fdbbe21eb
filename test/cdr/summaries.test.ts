// Proves the CDR summaries on DynamoDB Local through the real API: by account, prefix, trunk and day they equal the sums of the stored CDR items, stay equal after a message is redelivered (after a clean run, and after a crash between the summaries and the postings), and each role reads only its subtree (revenue and margin for operator staff only).
import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMessages } from '../../core/cdr/batch';
import type { RaterDeps } from '../../functions/rate-cdrs/deps';
import { createRateCdrsHandler } from '../../functions/rate-cdrs/handler';
import {
  CdrSummaryStore,
  SummaryRangeTooLarge,
} from '../../functions/shared/dynamo/cdr-summaries';
import { startTestApi, type TestApi } from '../support/api';
import type { ParsedEdgeCdr } from '../support/london-call';
import { ledgerFailing } from './flaky-ledger';
import { postCalls, readingCalls, uuidOf } from './reading-calls';

let api: TestApi;
let rater: RaterDeps;
const tokens: Record<string, string> = {};
let START = 0;
let calls: ParsedEdgeCdr[] = [];
const range = () => `fromEpochMs=${START - 60_000}&toEpochMs=${START + 3 * 3_600_000}`;

beforeAll(async () => {
  api = await startTestApi();
  rater = api.deps.cdrs.rater;
  for (const login of ['admin', 'reseller1', 'alice']) tokens[login] = await api.login(login);
  START = Date.now() + 1_000;
  calls = readingCalls(START);
  await postCalls(api, calls);
});
afterAll(() => api.close());

type Row = Record<string, any> & { key: string; calls: number; chargeMicros: number };
async function summaries(login: string, accountId: string, query: string): Promise<Row[]> {
  const path = `/accounts/${accountId}/cdr-summaries?${range()}&${query}`;
  const response = await api.request('GET', path, { token: tokens[login] });
  expect(response.status, response.text).toBe(200);
  return response.json.rows;
}

/** Per account: the sums of its rated A-legs as stored (the CDR items are the truth). */
async function sumsOfItems(cdrs: readonly ParsedEdgeCdr[]) {
  type Sum = { calls: number; answered: number; billsec: number; charge: number };
  const sums = new Map<string, Sum>();
  for (const cdr of cdrs) {
    const item = await rater.cdrs.get(uuidOf(cdr));
    if (item?.status !== 'rated' || item.leg !== 'a') continue;
    const accountId = String(item.accountId);
    const charges = item.charges as { accountId: string; chargeMicros: number }[];
    const sum = sums.get(accountId) ?? { calls: 0, answered: 0, billsec: 0, charge: 0 };
    sum.calls += 1;
    sum.answered += item.answeredAtEpochMs !== null && Number(item.billsec) > 0 ? 1 : 0;
    sum.billsec += Number(item.billsec);
    sum.charge += charges.find((c) => c.accountId === accountId)?.chargeMicros ?? 0;
    sums.set(accountId, sum);
  }
  return sums;
}

async function expectSummariesEqualItems() {
  const rows = await summaries('admin', 'op', 'by=account&subtree=true');
  const sums = await sumsOfItems(calls);
  expect(rows.map((row) => row.key)).toEqual([...sums.keys()].sort());
  for (const row of rows) {
    const sum = sums.get(row.key)!;
    expect([row.calls, row.answered, row.billsec, row.chargeMicros], row.key).toEqual([
      sum.calls,
      sum.answered,
      sum.billsec,
      sum.charge,
    ]);
  }
  return rows;
}

const total = (rows: Row[], field: 'calls' | 'chargeMicros') =>
  rows.reduce((sum, row) => sum + row[field], 0);

describe('CDR summaries', () => {
  it('by account equal the sums of the CDR items; every grouping adds up the same', async () => {
    const rows = await expectSummariesEqualItems();
    expect(rows.find((row) => row.key === 'c1')).toMatchObject({
      calls: 4,
      answered: 3,
      asrPercent: '75.00',
      acdSeconds: 82,
    });
    for (const by of ['prefix', 'trunk', 'day']) {
      const grouped = await summaries('admin', 'op', `by=${by}&subtree=true`);
      expect(total(grouped, 'calls'), by).toBe(total(rows, 'calls'));
      expect(total(grouped, 'chargeMicros'), by).toBe(total(rows, 'chargeMicros'));
    }
    const prefixes = await summaries('admin', 'c1', 'by=prefix');
    expect(prefixes.map((row) => [row.key, row.calls])).toEqual([
      ['-', 1],
      ['336', 1],
      ['4420', 2],
    ]);
    expect(rows[0]).toHaveProperty('marginMicros');
  });

  it('a redelivered message adds nothing (after a clean run and after a crash)', async () => {
    // Prepare: a message rated twice (crash before the delete); another whose postings fail once
    // after its summaries were added (crash between), then redelivered.
    const once = readingCalls(START + 3_600_000).slice(0, 4);
    const crashed = readingCalls(START + 7_200_000).slice(4, 8);
    calls = [...calls, ...once, ...crashed];
    const handler = createRateCdrsHandler(rater, () => {});
    const flaky = createRateCdrsHandler(ledgerFailing(rater, 1), () => {});
    const [first] = messagesOf(once);
    const [second] = messagesOf(crashed);
    // Act
    await handler({ Records: [first!, first!] });
    const failed = await flaky({ Records: [second!] });
    await handler({ Records: [second!] });
    // Assess
    expect(failed.batchItemFailures).toHaveLength(1);
    await expectSummariesEqualItems();
  });
});

describe('CDR summary limits', () => {
  it('refuses a fold over more cells than allowed instead of truncating it', async () => {
    const store = new CdrSummaryStore(rater.documents, rater.cdrs.tableName);
    const range = { fromEpochMs: START - 60_000, toEpochMs: START + 3_600_000 };
    const all = await store.cells(range, '/op/', 1_000);
    expect(all.length).toBeGreaterThan(2);
    await expect(store.cells(range, '/op/', 2)).rejects.toBeInstanceOf(SummaryRangeTooLarge);
  });
});

describe('CDR summaries per role', () => {
  it("a reseller reads its subtree's accounts, without the operator's revenue", async () => {
    const rows = await summaries('reseller1', 'r1', 'by=account&subtree=true');
    expect(rows.map((row) => row.key)).toEqual(['c1', 'c2', 'c3']);
    expect(rows[0]).not.toHaveProperty('revenueMicros');
    expect(rows[0]).not.toHaveProperty('marginMicros');
    const foreign = await api.request('GET', `/accounts/r2/cdr-summaries?${range()}&by=day`, {
      token: tokens.reseller1,
    });
    expect(foreign.status).toBe(404);
  });

  it('a customer reads its own account only', async () => {
    const rows = await summaries('alice', 'c1', 'by=day&subtree=true');
    const mine = await summaries('admin', 'c1', 'by=day');
    expect(rows.map((row) => [row.key, row.calls, row.chargeMicros])).toEqual(
      mine.map((row) => [row.key, row.calls, row.chargeMicros]),
    );
    const other = await api.request('GET', `/accounts/r1/cdr-summaries?${range()}&by=day`, {
      token: tokens.alice,
    });
    expect(other.status).toBe(404);
  });
});

function messagesOf(cdrs: readonly ParsedEdgeCdr[]): SQSRecord[] {
  const bodies = toMessages({ actor: 'edge:test', trustCallerSipUser: false }, randomUUID(), cdrs);
  return bodies.map((body) => ({ messageId: randomUUID(), body }) as SQSRecord);
}
