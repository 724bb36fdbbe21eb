// Proves the CDR archive on DynamoDB Local and the local object directory: an import of the FreeSWITCH fixtures writes ONE raw batch file (index on line 1, each document verbatim on its line) that every CDR item references by file and line, and ONE rated JSON-lines file per message and call day holding each rated CDR once — also after a redelivery.
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMessages } from '../../core/cdr/batch';
import { createRateCdrsHandler } from '../../functions/rate-cdrs/handler';
import { utcDayPath } from '../../functions/rate-cdrs/raw-batch';
import { startTestApi, type TestApi } from '../support/api';
import { londonCall } from '../support/london-call';

const DIR = new URL('../../../shared/fixtures/freeswitch/', import.meta.url);
const FILES = readdirSync(DIR).filter((name) => name.startsWith('json-cdr-'));
const DOCUMENTS = FILES.map((name) => readFileSync(new URL(name, DIR), 'utf8'));

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function linesOf(key: string): Promise<string[]> {
  const bytes = await api.deps.cdrs.rater.archive.get(key);
  if (bytes === undefined) throw new Error(`no object ${key}`);
  return gunzipSync(bytes).toString('utf8').trimEnd().split('\n');
}

describe('raw batch files', () => {
  it('keeps an import’s documents in one file that each CDR item points into', async () => {
    // Prepare
    const token = await api.login('admin');
    const documents = [...DOCUMENTS, 'not a FreeSWITCH CDR'];
    // Act
    const response = await api.request('POST', '/cdrs/import', { token, body: { documents } });
    // Assess: one object, named by the request's batch id under today's day.
    expect(response.status, response.text).toBe(202);
    const key = `raw/${utcDayPath(Date.now())}/${response.json.batchId}.jsonl.gz`;
    const lines = await linesOf(key);
    const head = JSON.parse(lines[0]!) as { documents: number; index: Record<string, number> };
    expect(head.documents).toBe(documents.length);
    expect(lines).toHaveLength(documents.length + 1);
    for (const [id, line] of Object.entries(head.index)) {
      const item = await api.deps.cdrs.rater.cdrs.get(id);
      expect(item, id).toMatchObject({ rawFile: key, rawLine: line });
      expect(item?.raw).toBeUndefined();
      const document = JSON.parse(lines[line - 1]!) as { id: string; raw: string };
      expect(documents).toContain(document.raw);
      expect(document.id).toBe(id);
    }
    expect(Object.keys(head.index)).toHaveLength(documents.length);
  });

  it('keeps the reference when an unrated CDR is re-rated after the fix', async () => {
    // Prepare: a CSV row for an account that does not exist yet → unknown_account.
    const token = await api.login('admin');
    const at = new Date(Date.now() + 1_000).toISOString().slice(0, 19);
    const csv = [
      'uuid,account,caller,destination,start_time,answer_time,end_time,billsec,hangup_cause',
      `late-1,zz-late,1,442071234567,${at}Z,${at}Z,${at.slice(0, 17)}59Z,0,NO_ANSWER`,
    ].join('\n');
    await api.request('POST', '/cdrs/import', { token, body: { csv } });
    const unrated = await api.deps.cdrs.rater.cdrs.get('late-1');
    expect(unrated).toMatchObject({ status: 'unrated', reason: 'unknown_account' });
    // Act: the account is created, the unrated CDRs re-rated.
    const account = {
      accountId: 'zz-late',
      parentId: 'r1',
      type: 'customer',
      currency: 'USD',
      mode: 'prepaid',
      number: 'ZZ-1',
      name: 'Late account',
      timezone: 'UTC',
      country: 'US',
      rateGroupId: 'rg-r1',
    };
    const created = await api.request('POST', '/accounts', { token, body: account });
    expect(created.status, created.text).toBe(201);
    const body = { reason: 'unknown_account' };
    const rerate = await api.request('POST', '/cdrs/unrated/rerate', { token, body });
    // Assess: rated, still pointing at the same line of the same raw file.
    expect(rerate.status, rerate.text).toBe(200);
    const rated = await api.deps.cdrs.rater.cdrs.get('late-1');
    expect(rated).toMatchObject({ status: 'rated', accountId: 'zz-late' });
    expect([rated?.rawFile, rated?.rawLine]).toEqual([unrated?.rawFile, unrated?.rawLine]);
    const line = (await linesOf(String(rated?.rawFile)))[Number(rated?.rawLine) - 1]!;
    expect(JSON.parse(line)).toMatchObject({ id: 'late-1' });
  });

  it('writes no raw file for an edge batch of normalized CDRs', async () => {
    const call = londonCall();
    const response = await api.request('POST', '/edge/cdrs', {
      apiKey: api.seed.edgeApiKey,
      body: { cdrs: [call] },
    });
    expect(response.status).toBe(202);
    const key = `raw/${utcDayPath(Date.now())}/${response.json.batchId}.jsonl.gz`;
    expect(await api.deps.cdrs.rater.archive.get(key)).toBeUndefined();
    const item = await api.deps.cdrs.rater.cdrs.get(call.cdr.uuid);
    expect(item).toMatchObject({ status: 'rated' });
    expect(item?.rawFile).toBeUndefined();
  });
});

describe('the rated archive', () => {
  it('writes one file per message and day, each rated CDR once, also redelivered', async () => {
    // Prepare: three calls on two days, one message (yesterday's was not answered: no deck
    // version was in force then, and a 0-second call needs none).
    const today = Date.now();
    const yesterday = today - 86_400_000;
    const calls = [
      londonCall({ answeredAtEpochMs: today }),
      londonCall({ answeredAtEpochMs: today }),
      londonCall({ answeredAtEpochMs: yesterday, billsec: 0, cdr: { billmsec: 0 } }),
    ];
    const [body] = toMessages({ actor: 'edge:test', trustCallerSipUser: false }, 'arch-1', calls);
    const handler = createRateCdrsHandler(api.deps.cdrs.rater, () => {});
    const event = { Records: [{ messageId: 'm1', body: body! }] } as never;
    // Act: delivered twice (a crash before the delete).
    await handler(event);
    await handler(event);
    // Assess
    const todays = await linesOf(`archive/rated/${utcDayPath(today - 2_000)}/arch-1-0.jsonl.gz`);
    const olds = await linesOf(`archive/rated/${utcDayPath(yesterday - 2_000)}/arch-1-0.jsonl.gz`);
    const uuids = (lines: string[]) =>
      lines.map((line) => (JSON.parse(line) as { uuid: string }).uuid);
    expect(uuids(todays).sort()).toEqual([calls[0]!.cdr.uuid, calls[1]!.cdr.uuid].sort());
    expect(uuids(olds)).toEqual([calls[2]!.cdr.uuid]);
    expect(JSON.parse(olds[0]!)).toMatchObject({ status: 'rated', charges: [] });
    expect(JSON.parse(todays[0]!)).toMatchObject({
      status: 'rated',
      accountId: 'c1',
      batchId: 'arch-1-0',
      revenueMicros: 15_000,
      charges: [
        { accountId: 'c1', chargeMicros: 27_000 },
        { accountId: 'r1', chargeMicros: 15_000 },
      ],
    });
  });
});
