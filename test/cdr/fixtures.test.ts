// Proves the import route end to end on DynamoDB Local: every FreeSWITCH CDR fixture ends rated against the demo data or unrated with its reason (the unanswered one bills 0), a re-import charges nothing twice, and an unrated CDR is listed by reason.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

const DIR = new URL('../../../shared/fixtures/freeswitch/', import.meta.url);
const FILES = readdirSync(DIR).filter(
  (name) => name.startsWith('json-cdr-') || name.startsWith('xml-cdr-'),
);

/** What each fixture ends as against the demo seed (and why). */
const EXPECTED: Record<
  string,
  { status: string; reason?: string; accountId?: string; basis?: string }
> = {
  // accountcode 1001 names no account; digest user 1001 at realm 192.168.56.74 is c1's device,
  // and the callee 1002 is another device of ours in that domain: on-net, c1's local charge (0).
  '86cfd6e2-dbda-45a3-b59d-f683ec368e8b': { status: 'rated', accountId: 'c1', basis: 'local_call' },
  'e3133bf7-dcde-4daf-9663-9a79ffcef5ad': { status: 'rated', accountId: 'c1', basis: 'local_call' },
  // No accountcode, no digest user: only a SIP From header, not trusted by default.
  '3da8bf84-c133-4959-9e24-e72875cb33a1': { status: 'unrated', reason: 'unknown_account' },
  // Unanswered (ORIGINATOR_CANCEL): 0 seconds, nothing charged.
  '51156b0b-f91b-4fd3-9c8f-15226f6098be': { status: 'rated', accountId: 'c1', basis: 'not_billed' },
};

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('admin');
});
afterAll(() => api.close());

describe('POST /cdrs/import with the shared fixtures', () => {
  it('rates or keeps every fixture with its reason, once', async () => {
    // Prepare
    const documents = FILES.map((name) => readFileSync(new URL(name, DIR), 'utf8'));
    const before = await balance('c1');
    // Act
    const first = await api.request('POST', '/cdrs/import', { token, body: { documents } });
    const again = await api.request('POST', '/cdrs/import', { token, body: { documents } });
    // Assess
    expect(first.status, first.text).toBe(202);
    expect(again.status, again.text).toBe(202);
    expect(first.json.accepted).toBe(FILES.length);
    for (const [uuid, expected] of Object.entries(EXPECTED)) {
      const item = await api.deps.cdrs.rater.cdrs.get(uuid);
      expect(item, uuid).toMatchObject(
        expected.status === 'rated'
          ? { status: 'rated', accountId: expected.accountId, basis: { kind: expected.basis } }
          : { status: 'unrated', reason: expected.reason },
      );
    }
    const unanswered = await api.deps.cdrs.rater.cdrs.get('51156b0b-f91b-4fd3-9c8f-15226f6098be');
    expect(unanswered?.charges).toEqual([]);
    expect(await balance('c1')).toBe(before);
  });

  it('lists the unrated one by its reason, with the document', async () => {
    const listed = await api.request('GET', '/cdrs/unrated?reason=unknown_account', { token });
    expect(listed.status, listed.text).toBe(200);
    const ids = listed.json.items.map((item: { id: string }) => item.id);
    expect(ids).toContain('3da8bf84-c133-4959-9e24-e72875cb33a1');
  });

  it('keeps a document that does not parse as malformed, with its raw text', async () => {
    const raw = '{"variables": "this is not a FreeSWITCH CDR"';
    const response = await api.request('POST', '/cdrs/import', {
      token,
      body: { documents: [raw] },
    });
    expect(response.status, response.text).toBe(202);
    const listed = await api.request('GET', '/cdrs/unrated?reason=malformed', { token });
    expect(listed.json.items.map((item: { raw?: string }) => item.raw)).toContain(raw);
  });
});

describe('POST /edge/cdrs', () => {
  it('accepts a batch with an item it cannot read, keeping that item as malformed', async () => {
    const bad = { kind: 'parsed', cdr: { uuid: 'no-other-field' } };
    const response = await api.request('POST', '/edge/cdrs', {
      apiKey: api.seed.edgeApiKey,
      body: { cdrs: [bad] },
    });
    expect(response.status, response.text).toBe(202);
    const listed = await api.request('GET', '/cdrs/unrated?reason=malformed', { token });
    expect(listed.json.items.map((item: { raw?: string }) => item.raw)).toContain(
      JSON.stringify(bad),
    );
  });
});

async function balance(accountId: string): Promise<number> {
  const response = await api.request('GET', `/accounts/${accountId}/balance`, { token });
  return Number(response.json.balanceMicros);
}
