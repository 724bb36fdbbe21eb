// Proves deck imports through the API on DynamoDB Local and the local object server: upload by URL (never through the API body), asynchronous import with a report, only an error-free deck publishes, versions list/download/compare, and the simulator rates through the account's rate group and the version in force.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let admin: string;
let reseller1: string;

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin');
  reseller1 = await api.login('reseller1');
});
afterAll(() => api.close());

const GROUP = '/accounts/r1/rate-groups/rg-r1';
const HEADER = 'prefix,destination,connect,included_seconds,per_minute,initial_increment,increment';

async function importDeck(
  csv: string,
  token = admin,
  group = GROUP,
): Promise<{ importId: string; body: any }> {
  const created = await api.request('POST', `${group}/imports`, {
    token,
    body: { format: 'tollgate', deckKind: 'origination' },
  });
  expect(created.status, created.text).toBe(201);
  const { import: record, upload } = created.json;
  const put = await fetch(upload.url, {
    method: upload.method,
    headers: upload.headers,
    body: csv,
  });
  expect(put.status).toBe(200);
  const started = await api.request('POST', `${group}/imports/${record.importId}/start`, { token });
  expect(started.status, started.text).toBe(202);
  return { importId: record.importId, body: await finished(record.importId, token, group) };
}

async function finished(importId: string, token: string, group = GROUP): Promise<any> {
  for (;;) {
    const read = await api.request('GET', `${group}/imports/${importId}`, { token });
    if (['validated', 'failed'].includes(read.json.status)) return read.json;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('deck imports', () => {
  it('imports an error-free deck, publishes it later, and the simulator uses the version in force', async () => {
    const csv = [
      HEADER,
      '44,United Kingdom,0,0,0.500000,0,0',
      '4420,London,0.100000,0,0.300000,60,60',
    ].join('\n');
    const { importId, body } = await importDeck(csv, reseller1);
    expect(body).toMatchObject({
      status: 'validated',
      progressPercent: 100,
      report: { rows: 2, accepted: 2, errorCount: 0 },
    });
    const effective = Date.now() + 60_000;
    const published = await api.request('POST', `${GROUP}/imports/${importId}/publish`, {
      token: reseller1,
      body: { effectiveFromEpochMs: effective },
    });
    expect(published.status, published.text).toBe(201);
    const again = await api.request('POST', `${GROUP}/imports/${importId}/publish`, {
      token: reseller1,
      body: {},
    });
    expect(again.json.error).toMatchObject({ code: 'import_not_validated', field: 'importId' });
    // Before the new version: the seeded deck (0.015 × 1.5 per minute, 20 % markup) for London.
    const now = await api.request('POST', '/accounts/c1/rate-card', {
      token: admin,
      body: { number: '442071234567', seconds: 60 },
    });
    expect(now.json).toMatchObject({ prefix: '4420', costMicros: 27_000 });
    // The chain: c1 pays r1's price, r1 pays the operator's (0.015 per minute, no markup).
    expect(now.json.chain).toEqual([
      { accountId: 'c1', currency: 'USD', costMicros: 27_000 },
      { accountId: 'r1', currency: 'USD', costMicros: 15_000 },
    ]);
    const byBalance = await api.request('POST', '/accounts/c1/rate-card', {
      token: admin,
      body: { number: '442071234567' },
    });
    expect(byBalance.json).toMatchObject({
      maxSeconds: 10_800,
      chainMaxSeconds: 10_800,
      limitedBy: null,
    });
    const empty = {
      accountId: 'broke',
      parentId: 'r1',
      type: 'customer',
      currency: 'USD',
      mode: 'prepaid',
      number: 'B-1',
      name: 'No funds',
      timezone: 'UTC',
      country: 'GB',
      rateGroupId: 'rg-r1',
    };
    expect((await api.request('POST', '/accounts', { token: admin, body: empty })).status).toBe(
      201,
    );
    const broke = await api.request('POST', '/accounts/broke/rate-card', {
      token: admin,
      body: { number: '442071234567' },
    });
    expect(broke.json).toMatchObject({ maxSeconds: 0, chainMaxSeconds: 0, limitedBy: 'broke' });
    // After it: connect 0.10 + 60 s at 0.30 × 1.2 = 0.46.
    const later = await api.request('POST', '/accounts/c1/rate-card', {
      token: admin,
      body: { number: '442071234567', seconds: 60, answeredAtEpochMs: effective + 1 },
    });
    expect(later.json).toMatchObject({
      prefix: '4420',
      costMicros: 460_000,
      version: published.json.deckHash,
    });
    const max = await api.request('POST', '/accounts/c1/rate-card', {
      token: admin,
      body: { number: '442071234567', available: '0.46', answeredAtEpochMs: effective + 1 },
    });
    expect(max.json.maxSeconds).toBe(60);
  });

  it('keeps a deck with errors as a failed import with its line/column report, and publishes nothing', async () => {
    const before = (await api.request('GET', `${GROUP}/versions`, { token: admin })).json.versions
      .length;
    const csv = [HEADER, '44,UK,0,0,abc,0,0', '33,France,0,0,0.1,0,0', 'x1,Bad,0,0,0.1,0,0'].join(
      '\n',
    );
    const { importId, body } = await importDeck(csv);
    expect(body.status).toBe('failed');
    expect(body.report.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'per_minute', code: 'invalid_money' }),
      expect.objectContaining({ line: 4, column: 'prefix', code: 'invalid_code' }),
    ]);
    const publish = await api.request('POST', `${GROUP}/imports/${importId}/publish`, {
      token: admin,
      body: {},
    });
    expect(publish.json.error).toMatchObject({ code: 'import_not_validated', field: 'importId' });
    expect(
      (await api.request('GET', `${GROUP}/versions`, { token: admin })).json.versions,
    ).toHaveLength(before);
    const report = await api.request('GET', `${GROUP}/imports/${importId}/report`, {
      token: admin,
    });
    const full = (await (await fetch(report.json.url)).json()) as { errors: unknown[] };
    expect(full.errors).toHaveLength(2);
  });

  it('lists, downloads and compares versions', async () => {
    const { importId } = await importDeck(
      [
        HEADER,
        '44,United Kingdom,0,0,0.030000,0,0',
        '4420,London,0,0,0.0225,0,0',
        '81,Japan,0,0,0.1,0,0',
      ].join('\n'),
    );
    await api.request('POST', `${GROUP}/imports/${importId}/publish`, {
      token: admin,
      body: { effectiveFromEpochMs: Date.now() + 3_600_000 },
    });
    const versions = (await api.request('GET', `${GROUP}/versions`, { token: admin })).json
      .versions;
    const seeded = versions.find(
      (v: { publishedBy: string }) => v.publishedBy === 'system:seed',
    ).versionId;
    const compare = await api.request(
      'GET',
      `${GROUP}/versions/compare?from=${seeded}&to=${importId}`,
      { token: admin },
    );
    expect(compare.json.counts).toEqual({ added: 1, removed: 5, changed: 1, unchanged: 1 });
    expect(compare.json.added).toEqual(['81']);
    expect(compare.json.changed).toEqual([{ key: '4420', fields: ['destination'] }]);
    const download = await api.request('GET', `${GROUP}/versions/${importId}/csv`, {
      token: admin,
    });
    expect(await (await fetch(download.json.url)).text()).toContain('81,Japan');
    const tampered = download.json.url.replace(/signature=[0-9a-f]{4}/, 'signature=0000');
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('refuses bad requests naming the field', async () => {
    const post = (path: string, body: unknown, token = admin) =>
      api.request('POST', path, { token, body });
    expect(
      (await post(`${GROUP}/imports`, { format: 'tollgate', deckKind: 'termination' })).json.error,
    ).toMatchObject({ code: 'trunk_id_mismatch', field: 'trunkId' });
    expect(
      (
        await post('/accounts/op/rate-groups/rg-op/imports', {
          format: 'tollgate',
          deckKind: 'termination',
          trunkId: 't3',
        })
      ).json.error,
    ).toMatchObject({ code: 'trunk_not_in_rate_group', field: 'trunkId' });
    expect(
      (await post(`${GROUP}/imports`, { format: 'excel', deckKind: 'origination' })).json.error,
    ).toMatchObject({ code: 'invalid_value', field: 'format' });
    expect(
      (
        await post(
          '/accounts/r2/rate-groups/rg-r2/imports',
          { format: 'tollgate', deckKind: 'origination' },
          reseller1,
        )
      ).json.error,
    ).toMatchObject({ code: 'account_not_found', field: 'accountId' });
    expect(
      (
        await post('/accounts/r1/rate-groups/rg-r2/imports', {
          format: 'tollgate',
          deckKind: 'origination',
        })
      ).json.error,
    ).toMatchObject({ code: 'rate_group_not_found', field: 'rateGroupId' });
    const created = await post(`${GROUP}/imports`, { format: 'tollgate', deckKind: 'origination' });
    const start = `${GROUP}/imports/${created.json.import.importId}/start`;
    expect((await api.request('POST', start, { token: admin })).status).toBe(202);
    expect((await api.request('POST', start, { token: admin })).json.error).toMatchObject({
      code: 'import_already_started',
    });
    expect((await finished(created.json.import.importId, admin)).report.errors[0].message).toBe(
      'nothing was uploaded',
    );
    const past = await post(`${GROUP}/imports/imp-00000000-0000-4000-8000-000000000002/publish`, {
      effectiveFromEpochMs: 0,
    });
    expect(past.json.error).toMatchObject({ code: 'import_not_validated' });
    expect(
      (await post('/accounts/c1/rate-card', { number: '99999', seconds: 60 })).json.error,
    ).toMatchObject({ code: 'no_rate', field: 'number' });
    expect(
      (await post('/accounts/c1/rate-card', { number: '44x', seconds: 60 })).json.error,
    ).toMatchObject({ code: 'invalid_number', field: 'number' });
  });
});
