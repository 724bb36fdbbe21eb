// Proves the CSV import over real HTTP on DynamoDB Local: good rows (account by id or by account number, with a trunk, unanswered) go through the same queue and rater (charged once, also when re-imported), each bad cell is reported by line and column and its row kept as unrated `malformed` with its cells, and a header without a required column is refused naming it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

const HEADER =
  'uuid,account,caller,destination,start_time,answer_time,end_time,billsec,hangup_cause,trunk';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('admin');
});
afterAll(() => api.close());

/** An instant as ISO 8601 with a +02:00 offset (the CSV need not be in UTC). */
function plusTwo(epochMs: number): string {
  return `${new Date(epochMs + 7_200_000).toISOString().slice(0, 19)}+02:00`;
}

const balanceOf = async (id: string) => (await api.deps.ledger.getBalance(id))!.balanceMicros;

describe('POST /cdrs/import with a CSV', () => {
  it('rates good rows once, reports bad cells by line and column and keeps their rows', async () => {
    // Prepare: answered now (the seed published the demo decks moments ago; the CSV's times
    // are whole seconds, so a second ahead keeps the answer after the publication).
    const answered = Date.now() + 1_000;
    const [start, answer, end] = [answered - 3_000, answered, answered + 60_000].map(plusTwo);
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const csv = [
      HEADER,
      `${ids[0]},c1,15551230001,442071234567,${start},${answer},${end},60,NORMAL_CLEARING,`,
      `${ids[1]},100004,15551230001,442071234567,${start},${answer},${end},60,NORMAL_CLEARING,t1`,
      `${ids[2]},c1,15551230001,442071234567,${start},,${end},0,NO_ANSWER,`,
      `${ids[3]},c1,15551230001,44207123456x,${start},${answer},yesterday,60,NORMAL_CLEARING,`,
    ].join('\n');
    const before = await balanceOf('c1');
    // Act
    const first = await api.request('POST', '/cdrs/import', { token, body: { csv } });
    const again = await api.request('POST', '/cdrs/import', { token, body: { csv } });
    // Assess: the report names line and column of each bad cell.
    expect(first.status, first.text).toBe(202);
    expect(again.status).toBe(202);
    expect(first.json).toMatchObject({ accepted: 4, report: { rows: 4, accepted: 3 } });
    const bad = first.json.report.errors.map((e: { line: number; column: string }) => [
      e.line,
      e.column,
    ]);
    expect(bad).toEqual([
      [5, 'destination'],
      [5, 'end_time'],
    ]);
    // Two answered London minutes for c1 (by id and by account number), once; none unanswered.
    expect(before - (await balanceOf('c1'))).toBe(2 * 27_000);
    const items = await Promise.all(ids.map((id) => api.deps.cdrs.rater.cdrs.get(id)));
    expect(items[0]).toMatchObject({ status: 'rated', accountId: 'c1', billsec: 60 });
    expect(items[1]).toMatchObject({ carrierCostMicros: 9_000, marginMicros: 6_000 });
    expect(items[2]).toMatchObject({ status: 'rated', charges: [] });
    // The bad row: kept as malformed, its cells shown by the unrated list.
    const listed = await api.request('GET', '/cdrs/unrated?reason=malformed&limit=100', { token });
    const kept = listed.json.items.filter((item: { raw?: string }) => item.raw?.includes(ids[3]!));
    expect(kept).toHaveLength(1);
    expect(JSON.parse(kept[0].raw)).toMatchObject({ uuid: ids[3], end_time: 'yesterday' });
    expect(kept[0].message).toContain('line 5');
  });

  it('refuses a header without a required column, naming it (400)', async () => {
    const csv = 'uuid,caller,destination\nx,1,44';
    const response = await api.request('POST', '/cdrs/import', { token, body: { csv } });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: { code: 'missing_column', field: 'csv' } });
    expect(response.text).toContain('account');
  });

  it('takes documents or a CSV, not both', async () => {
    const body = { csv: HEADER, documents: ['{}'] };
    const response = await api.request('POST', '/cdrs/import', { token, body });
    expect(response.status).toBe(400);
  });
});
