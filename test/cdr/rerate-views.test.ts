// Proves that re-rated CDRs reach the reading side exactly once, on DynamoDB Local: an unrated CDR
// re-rated after its device was added is in its account's summary, search and the rated archive
// (once, also when the re-rate crashed before the item changed and ran again); a period
// correction moves the summary by exactly the difference and archives the corrected revision.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utcDayPath } from '../../functions/rate-cdrs/raw-batch';
import type { CdrStore } from '../../functions/shared/dynamo/cdr-store';
import { startTestApi, type TestApi } from '../support/api';
import { londonCall, type ParsedEdgeCdr } from '../support/london-call';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('admin');
});
afterAll(() => api.close());

const range = () => `fromEpochMs=${Date.now() - 3_600_000}&toEpochMs=${Date.now() + 3_600_000}`;

async function summaryOf(accountId: string) {
  const path = `/accounts/${accountId}/cdr-summaries?${range()}&by=account`;
  const response = await api.request('GET', path, { token });
  expect(response.status, response.text).toBe(200);
  const row = response.json.rows.find((r: { key: string }) => r.key === accountId);
  return { calls: Number(row?.calls ?? 0), chargeMicros: Number(row?.chargeMicros ?? 0) };
}

async function searchIds(accountId: string, subtree: boolean): Promise<string[]> {
  const path = `/accounts/${accountId}/cdrs?${range()}&subtree=${subtree}&limit=100`;
  const response = await api.request('GET', path, { token });
  expect(response.status, response.text).toBe(200);
  return response.json.cdrs.map((row: { id: string }) => row.id);
}

async function archived(call: ParsedEdgeCdr, batchId: string) {
  const day = utcDayPath(call.cdr.startedAtEpochMs);
  const bytes = await api.deps.cdrs.rater.archive.get(`archive/rated/${day}/${batchId}.jsonl.gz`);
  const lines = bytes ? gunzipSync(bytes).toString('utf8').trimEnd().split('\n') : [];
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Makes the store's next call of `method` fail, as a crash right before the item write. */
function crashOnce(method: 'replaceUnrated' | 'replaceRated') {
  const store = api.deps.cdrs.rater.cdrs as CdrStore;
  const original = store[method].bind(store);
  store[method] = (async () => {
    store[method] = original as never;
    throw new Error('crash before the item write');
  }) as never;
}

describe('re-rated CDRs in search, summaries and the archive', () => {
  it('files an unrated CDR re-rated later once, also after a crash and a second re-rate', async () => {
    // Prepare: a call from a device nobody configured yet, then the device.
    const call = londonCall({
      cdr: {
        ...{ caller: '2002', context: 'default', authUser: '2002', authRealm: 'v.example.net' },
        ...{ callerSipUser: '2002', callerSipDomain: 'v.example.net', tollgate: null },
      },
    });
    const sent = await api.request('POST', '/edge/cdrs', {
      apiKey: api.seed.edgeApiKey,
      body: { cdrs: [call] },
    });
    expect(sent.status, sent.text).toBe(202);
    const device = { id: 'dev-v', username: '2002', domain: 'v.example.net' };
    const added = await api.request('POST', '/accounts/c2/devices', {
      token,
      body: { ...device, password: 'a-long-password-2002' },
    });
    expect(added.status, added.text).toBe(201);
    const before = await summaryOf('c2');
    const rerate = () =>
      api.request('POST', '/cdrs/unrated/rerate', { token, body: { reason: 'unknown_account' } });
    // Act: the first re-rate crashes after the views, before the item; the next one finishes.
    crashOnce('replaceUnrated');
    const crashed = await rerate();
    const first = await rerate();
    const again = await rerate();
    // Assess
    expect(crashed.status).toBe(500);
    expect([first.json.rated, again.json.rated]).toEqual([1, 0]);
    expect(await summaryOf('c2')).toEqual({
      calls: before.calls + 1,
      chargeMicros: before.chargeMicros + 27_000,
    });
    expect(await searchIds('c2', false)).toContain(call.cdr.uuid);
    const everything = await searchIds('op', true);
    expect(everything.filter((id) => id === call.cdr.uuid)).toHaveLength(1);
    const lines = await archived(call, `rerate-${call.cdr.uuid}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: call.cdr.uuid, status: 'rated', accountId: 'c2' });
  });

  it('moves the summary by a period correction’s difference once and archives the revision', async () => {
    // Prepare: two c1 calls at rg-r1's 20 % markup (27,000 micros each), then a 30 % markup.
    const fromEpochMs = Date.now() - 1;
    const calls = [londonCall(), londonCall()];
    const sent = await api.request('POST', '/edge/cdrs', {
      apiKey: api.seed.edgeApiKey,
      body: { cdrs: calls },
    });
    expect(sent.status, sent.text).toBe(202);
    const before = await summaryOf('c1');
    const fixed = await api.request('PATCH', '/accounts/r1/rate-groups/rg-r1', {
      token,
      body: { markupPercent: '30' },
    });
    expect(fixed.status, fixed.text).toBe(200);
    const body = { fromEpochMs, toEpochMs: Date.now() + 3_600_000 };
    const rerate = () => api.request('POST', '/accounts/c1/cdrs/rerate', { token, body });
    // Act: the first run crashes before its first item write; the next ones correct and repeat.
    crashOnce('replaceRated');
    const crashed = await rerate();
    const first = await rerate();
    const again = await rerate();
    // Assess: 29,250 micros a minute now, the calls themselves unchanged.
    expect(crashed.status).toBe(500);
    expect([first.json.corrected, again.json.corrected]).toEqual([2, 0]);
    expect(await summaryOf('c1')).toEqual({
      calls: before.calls,
      chargeMicros: before.chargeMicros + 2 * (29_250 - 27_000),
    });
    const lines = await archived(calls[0]!, `fix-${calls[0]!.cdr.uuid}-0`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: calls[0]!.cdr.uuid, revision: 1 });
    // The message's own file keeps both calls at their first rating (revision absent).
    const original = await archived(calls[0]!, `${sent.json.batchId}-0`);
    expect(original.map((line) => line.revision)).toEqual([undefined, undefined]);
  });
});
