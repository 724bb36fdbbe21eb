// Proves the must-show on DynamoDB Local: a 100,000-row deck uploaded by URL and imported through the API shows its progress while it runs, ends with its report, publishes a version the simulator route rates with; a malformed 100,000-row deck publishes nothing. Prints the timings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

const ROWS = 100_000;
const GROUP = '/accounts/op/rate-groups/rg-op';
let api: TestApi;
let admin: string;

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin');
});
afterAll(() => api.close());

/** Prefixes 100000–199999, each with its own per-minute cost; `bad` rows get a broken cost. */
function deck(bad: (row: number) => boolean = () => false): string {
  const lines = [
    'prefix,destination,connect,included_seconds,per_minute,initial_increment,increment',
  ];
  for (let row = 0; row < ROWS; row += 1) {
    const cost = bad(row) ? 'abc' : `0.${String(10_000 + (row % 90_000)).padStart(6, '0')}`;
    lines.push(`${100_000 + row},Destination ${row},0,0,${cost},1,1`);
  }
  return `${lines.join('\n')}\n`;
}

async function upload(csv: string): Promise<string> {
  const created = await api.request('POST', `${GROUP}/imports`, {
    token: admin,
    body: { format: 'tollgate', deckKind: 'origination' },
  });
  const { upload: url, import: record } = created.json;
  const put = await fetch(url.url, { method: 'PUT', headers: url.headers, body: csv });
  expect(put.status).toBe(200);
  return String(record.importId);
}

/** Polls while the import runs; returns every distinct progress seen and the final record. */
async function watch(importId: string): Promise<{ progress: number[]; final: any }> {
  const progress: number[] = [];
  for (;;) {
    const read = (await api.request('GET', `${GROUP}/imports/${importId}`, { token: admin })).json;
    if (read.status === 'running' && !progress.includes(read.progressPercent))
      progress.push(read.progressPercent);
    if (read.status === 'validated' || read.status === 'failed') return { progress, final: read };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a 100k-row deck through the API', () => {
  it('imports with progress, reports, publishes, and the simulator rates with it', async () => {
    const csv = deck();
    const uploadStarted = performance.now();
    const importId = await upload(csv);
    const uploadMs = performance.now() - uploadStarted;
    const started = performance.now();
    await api.request('POST', `${GROUP}/imports/${importId}/start`, { token: admin });
    const { progress, final } = await watch(importId);
    const importMs = performance.now() - started;
    console.log(
      `100k deck: ${(csv.length / 1e6).toFixed(1)} MB uploaded in ${uploadMs.toFixed(0)} ms, imported in ${importMs.toFixed(0)} ms, progress seen ${progress.join(',')}%`,
    );
    expect(final).toMatchObject({
      status: 'validated',
      progressPercent: 100,
      report: { rows: ROWS, accepted: ROWS, errorCount: 0 },
    });
    expect(progress.some((percent) => percent > 0 && percent < 100)).toBe(true);
    const published = await api.request('POST', `${GROUP}/imports/${importId}/publish`, {
      token: admin,
      body: {},
    });
    expect(published.status, published.text).toBe(201);
    // Account r1 is priced by rg-op; prefix 123456 is row 23456: 0.033456 per minute, by the second.
    const answer = await api.request('POST', '/accounts/r1/rate-card', {
      token: admin,
      body: { number: '12345678901', seconds: 60, answeredAtEpochMs: Date.now() + 1000 },
    });
    expect(answer.json).toMatchObject({
      prefix: '123456',
      destination: 'Destination 23456',
      costMicros: 33_456,
      version: final.deckHash,
    });
  }, 120_000);

  it('keeps a malformed 100k-row deck as a failed import and publishes nothing', async () => {
    const before = (await api.request('GET', `${GROUP}/versions`, { token: admin })).json.versions
      .length;
    const importId = await upload(deck((row) => row % 10_000 === 7));
    await api.request('POST', `${GROUP}/imports/${importId}/start`, { token: admin });
    const { final } = await watch(importId);
    expect(final.status).toBe('failed');
    expect(final.report).toMatchObject({ rows: ROWS, accepted: ROWS - 10, errorCount: 10 });
    expect(final.report.errors[0]).toMatchObject({
      line: 9,
      column: 'per_minute',
      code: 'invalid_money',
    });
    const publish = await api.request('POST', `${GROUP}/imports/${importId}/publish`, {
      token: admin,
      body: {},
    });
    expect(publish.status).toBe(409);
    expect(
      (await api.request('GET', `${GROUP}/versions`, { token: admin })).json.versions,
    ).toHaveLength(before);
  }, 120_000);
});
