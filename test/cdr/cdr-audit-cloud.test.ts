// Proves the cloud's CDR path keeps every CDR it is sent, over real HTTP on DynamoDB Local:
// through `POST /edge/cdrs` and `POST /cdrs/import`, a CDR that cannot be rated — for each reason
// docs/cdrs.md lists, and for times that cannot be true — is stored unrated with its exact reason
// and message, never charged; duplicates (in a batch, across batches, with other content) are
// stored and charged once; items of the wrong shape are kept `malformed` with their JSON; a
// malformed batch is a 4xx naming the field, and nothing of it is queued. The answer's counts add
// up: accepted = what was sent, malformed = what could not be read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentId } from '../../functions/rate-cdrs/items';
import { readFixture } from '../freeswitch/fixtures';
import { startTestApi, type TestApi } from '../support/api';
import { londonCall, type ParsedEdgeCdr } from '../support/london-call';

let api: TestApi;
let token: string;
/** After the seed published the demo decks: calls answered from then on are priced by them. */
let at = 0;
const DAY = 86_400_000;
/** c1 (under r1) pays 27,000 micros for a London minute and r1 15,000 (docs/cdrs.md). */
const LONDON_MINUTE = { c1: 27_000, r1: 15_000 };

beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('admin');
  at = Date.now();
  const customer = { parentId: 'r1', type: 'customer', currency: 'USD', mode: 'prepaid', timezone: 'UTC', country: 'US' };
  for (const account of [
    { accountId: 'audit-suspended', number: 'AUDIT-1', name: 'Suspended', status: 'suspended', rateGroupId: 'rg-r1' },
    { accountId: 'audit-no-group', number: 'AUDIT-2', name: 'Without a rate group' },
  ]) {
    const created = await api.request('POST', '/accounts', { token, body: { ...customer, ...account } });
    expect(created.status, created.text).toBe(201);
  }
});
afterAll(() => api?.close());

const postEdge = (cdrs: unknown[]) =>
  api.request('POST', '/edge/cdrs', { apiKey: api.seed.edgeApiKey, body: { cdrs } });
const balance = async (accountId: string) =>
  (await api.deps.cdrs.rater.ledger.getBalance(accountId))!.balanceMicros;
const stored = (id: string) => api.deps.cdrs.rater.cdrs.get(id);

async function unratedIds(reason: string): Promise<string[]> {
  const listed = await api.request('GET', `/cdrs/unrated?reason=${reason}&limit=100`, { token });
  expect(listed.status, listed.text).toBe(200);
  return listed.json.items.map((item: { id: string }) => item.id);
}

interface Expected {
  readonly call: ParsedEdgeCdr;
  readonly reason: string;
  readonly message: string;
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** One CDR per reason a CDR cannot be rated, each with the message the store must keep. */
function unratable(): Expected[] {
  const call = (options: Parameters<typeof londonCall>[0]) => londonCall({ answeredAtEpochMs: at, ...options });
  const ancient = Date.UTC(1990, 0, 1);
  const future = at + 2 * DAY;
  const unknownAccount = 'no tollgate_account, account code or digest user names a known account';
  return [
    { call: call({ account: 'nobody' }), reason: 'unknown_account', message: unknownAccount },
    { call: call({ cdr: { tollgate: null } }), reason: 'unknown_account', message: unknownAccount },
    { call: call({ cdr: { tollgate: null, accountCode: 'NO-SUCH-NUMBER' } }), reason: 'unknown_account', message: unknownAccount },
    { call: call({ account: 'audit-suspended' }), reason: 'inactive_account', message: 'account audit-suspended is suspended' },
    { call: call({ account: 'audit-no-group' }), reason: 'no_rate', message: 'account audit-no-group has no rate group' },
    { call: call({ cdr: { callee: '999123' } }), reason: 'no_rate', message: 'c1: no prefix of 999123 has a rate' },
    { call: call({ cdr: { callee: '' } }), reason: 'no_rate', message: 'callee  is not a dialable number' },
    { call: londonCall({ answeredAtEpochMs: ancient }), reason: 'no_rate', message: `c1: no deck version is in force at ${iso(ancient)}` },
    {
      call: call({ cdr: { tollgate: { account: 'c1', deckVersion: 'ffffffffffffffff', prefix: '4420' } } }),
      reason: 'unknown_deck_version',
      message: 'c1: deck version ffffffffffffffff is not loaded',
    },
    {
      call: call({ cdr: { startedAtEpochMs: at + 5_000 } }),
      reason: 'invalid_times',
      message: `answered at ${iso(at)}, before it started at ${iso(at + 5_000)}`,
    },
    {
      call: call({ cdr: { endedAtEpochMs: at - 1_000 } }),
      reason: 'invalid_times',
      message: `ended at ${iso(at - 1_000)}, before it was answered at ${iso(at)}`,
    },
    {
      call: call({ cdr: { billsec: 3_600, billmsec: 60_000 } }),
      reason: 'invalid_times',
      message: 'billsec 3600 (billmsec 60000) is longer than the 60000 ms answered',
    },
    {
      call: call({ cdr: { answeredAtEpochMs: null } }),
      reason: 'invalid_times',
      message: 'billsec 60 (billmsec 60000) on a call never answered',
    },
    {
      call: londonCall({ answeredAtEpochMs: future }),
      reason: 'invalid_times',
      message: expect.stringMatching(new RegExp(`^ended at ${iso(future + 60_000)}, after now \\(.+\\) by more than a day$`)) as string,
    },
  ];
}

describe('POST /edge/cdrs: every CDR rated once or kept with its reason', () => {
  it('keeps each unratable CDR with its reason and message, charging only the good call', async () => {
    // Prepare: a good call, calls that bill nothing, and one CDR per unrated reason.
    const expected = unratable();
    const good = londonCall({ answeredAtEpochMs: at });
    const zeroSeconds = londonCall({ answeredAtEpochMs: at, billsec: 0 });
    const unanswered = londonCall({ answeredAtEpochMs: at, cdr: { answeredAtEpochMs: null, billsec: 0, billmsec: 0, hangupCause: 'NO_ANSWER' } });
    const bLegOnly = londonCall({ answeredAtEpochMs: at, cdr: { leg: 'b', direction: 'outbound' } });
    const sent = [good, zeroSeconds, unanswered, bLegOnly, ...expected.map((entry) => entry.call)];
    const before = { c1: await balance('c1'), r1: await balance('r1') };
    // Act
    const response = await postEdge(sent);
    // Assess: all accepted, none malformed; every CDR stored once with its outcome.
    expect(response.status, response.text).toBe(202);
    expect(response.json).toMatchObject({ accepted: sent.length, malformed: 0, messages: 1 });
    expect(await stored(good.cdr.uuid)).toMatchObject({
      status: 'rated',
      charges: [
        { accountId: 'c1', currency: 'USD', chargeMicros: LONDON_MINUTE.c1 },
        { accountId: 'r1', currency: 'USD', chargeMicros: LONDON_MINUTE.r1 },
      ],
    });
    for (const free of [zeroSeconds, unanswered, bLegOnly]) {
      expect(await stored(free.cdr.uuid)).toMatchObject({ status: 'rated', basis: { kind: 'not_billed' }, charges: [] });
    }
    for (const { call, reason, message } of expected) {
      expect(await stored(call.cdr.uuid), reason).toMatchObject({ status: 'unrated', reason, message });
    }
    for (const reason of new Set(expected.map((entry) => entry.reason))) {
      const ids = expected.filter((entry) => entry.reason === reason).map((entry) => entry.call.cdr.uuid);
      expect(await unratedIds(reason)).toEqual(expect.arrayContaining(ids));
    }
    expect({ c1: await balance('c1'), r1: await balance('r1') }).toEqual({
      c1: before.c1 - LONDON_MINUTE.c1,
      r1: before.r1 - LONDON_MINUTE.r1,
    });
  });

  it('a CDR with impossible times stays unrated when re-rated: it is never charged', async () => {
    const impossible = londonCall({ answeredAtEpochMs: at, cdr: { billsec: 7_200 } });
    expect((await postEdge([impossible])).status).toBe(202);
    const before = await balance('c1');
    const rerate = await api.request('POST', '/cdrs/unrated/rerate', { token, body: { reason: 'invalid_times' } });
    expect(rerate.status, rerate.text).toBe(200);
    expect(rerate.json.rated).toBe(0);
    expect(await stored(impossible.cdr.uuid)).toMatchObject({ status: 'unrated', reason: 'invalid_times' });
    expect(await balance('c1')).toBe(before);
  });

  it('stores and charges a CDR once: twice in a batch, re-sent, and re-sent with other content', async () => {
    const call = londonCall({ answeredAtEpochMs: at });
    const longer = { ...call, cdr: { ...call.cdr, billsec: 120, billmsec: 120_000, endedAtEpochMs: at + 120_000 } };
    const before = await balance('c1');
    const first = await postEdge([call, call, londonCall({ answeredAtEpochMs: at, billsec: 0 })]);
    const again = await postEdge([call]);
    const changed = await postEdge([longer]);
    expect([first.status, again.status, changed.status]).toEqual([202, 202, 202]);
    expect([first.json.accepted, again.json.accepted, changed.json.accepted]).toEqual([3, 1, 1]);
    expect(await stored(call.cdr.uuid)).toMatchObject({ status: 'rated', billsec: 60, batchId: `${first.json.batchId}-0` });
    expect(await balance('c1')).toBe(before - LONDON_MINUTE.c1);
  });

  it('keeps items of the wrong shape as malformed with their JSON, next to a good CDR that is rated', async () => {
    const good = londonCall({ answeredAtEpochMs: at });
    const bad = (cdr: Record<string, unknown>) => ({ ...good, cdr: { ...good.cdr, uuid: `bad-${Object.keys(cdr)[0]}`, ...cdr } });
    const { tollgate: _dropped, ...withoutTollgate } = good.cdr;
    const items: [unknown, string][] = [
      [null, 'not an EdgeCdr: item: Invalid input: expected object, received null'],
      [42, 'not an EdgeCdr: item: Invalid input: expected object, received number'],
      ['a CDR as text', 'not an EdgeCdr: item: Invalid input: expected object, received string'],
      [{}, "not an EdgeCdr: kind: Invalid discriminator value. Expected 'parsed' | 'unparsed'"],
      [{ kind: 'parsed' }, 'not an EdgeCdr: cdr: Invalid input: expected object, received undefined'],
      [bad({ billsec: '60' }), 'not an EdgeCdr: cdr.billsec: Invalid input: expected number, received string'],
      [bad({ billsec: -1 }), 'not an EdgeCdr: cdr.billsec: Too small: expected number to be >=0'],
      [bad({ billmsec: 1.5 }), 'not an EdgeCdr: cdr.billmsec: Invalid input: expected int, received number'],
      [bad({ leg: 'c' }), 'not an EdgeCdr: cdr.leg: Invalid option: expected one of "a"|"b"'],
      [bad({ currency: 'USD' }), 'not an EdgeCdr: cdr: Unrecognized key: "currency"'],
      [{ ...good, cdr: { ...good.cdr, uuid: '' } }, 'not an EdgeCdr: cdr.uuid: Too small: expected string to have >=1 characters'],
      [{ ...good, cdr: { ...good.cdr, uuid: 'u'.repeat(129) } }, 'not an EdgeCdr: cdr.uuid: Too big: expected string to have <=128 characters'],
      [{ ...good, cdr: withoutTollgate }, 'not an EdgeCdr: cdr.tollgate: Invalid input: expected object, received undefined'],
      [{ ...good, receivedAtEpochMs: -1 }, 'not an EdgeCdr: receivedAtEpochMs: Too small: expected number to be >=0'],
      [bad({ caller: '1'.repeat(1025) }), 'not an EdgeCdr: cdr.caller: Too big: expected string to have <=1024 characters'],
    ];
    const response = await postEdge([...items.map(([item]) => item), good]);
    expect(response.status, response.text).toBe(202);
    expect(response.json).toMatchObject({ accepted: items.length + 1, malformed: items.length });
    expect(await stored(good.cdr.uuid)).toMatchObject({ status: 'rated' });
    const listed = await api.request('GET', '/cdrs/unrated?reason=malformed&limit=100', { token });
    const byId = new Map<string, { message: string; raw: string }>(
      listed.json.items.map((entry: { id: string; message: string; raw: string }) => [entry.id, entry]),
    );
    const kept = items.map(([item]) => {
      const entry = byId.get(contentId('raw', JSON.stringify(item)));
      return [entry?.message, entry?.raw];
    });
    expect(kept).toEqual(items.map(([item, message]) => [`not_a_cdr: ${message}`, JSON.stringify(item)]));
  });

  it('keeps an unparsed document of 1 MB whole, with the reason the edge gave', async () => {
    const raw = `{"variables":{"uuid":"${'9'.repeat(1_000_000)}`;
    const item = { kind: 'unparsed', error: { code: 'invalid_json', message: 'cut short' }, raw, source: 'err_log_dir', receivedAtEpochMs: at };
    const response = await postEdge([item]);
    expect(response.json).toMatchObject({ accepted: 1, malformed: 1 });
    const listed = await api.request('GET', '/cdrs/unrated?reason=malformed&limit=100', { token });
    const kept = listed.json.items.find((entry: { id: string }) => entry.id === contentId('raw', raw));
    expect([kept?.message, kept?.raw?.length]).toEqual(['invalid_json: cut short', raw.length]);
  });

  it('refuses a malformed batch with a 4xx naming the field, and queues none of it', async () => {
    const call = londonCall({ answeredAtEpochMs: at });
    const edge = (options: { body?: unknown; rawBody?: string }) =>
      api.request('POST', '/edge/cdrs', { apiKey: api.seed.edgeApiKey, ...options });
    const cases: [Promise<{ status: number; json: any }>, number, string, string][] = [
      [edge({ rawBody: `{"cdrs": [${JSON.stringify(call)}` }), 400, 'invalid_json', 'body'],
      [edge({ body: {} }), 400, 'missing_field', 'cdrs'],
      [edge({ body: { cdrs: [] } }), 400, 'invalid_value', 'cdrs'],
      [edge({ body: { cdrs: call } }), 400, 'invalid_type', 'cdrs'],
      [edge({ body: { cdrs: [call], source: 'fs1' } }), 400, 'unknown_field', 'source'],
      [edge({ body: { cdrs: Array.from({ length: 10_001 }, () => 1) } }), 400, 'invalid_value', 'cdrs'],
      [edge({ rawBody: JSON.stringify({ cdrs: [call, 'x'.repeat(4 * 1024 * 1024)] }) }), 413, 'body_too_large', 'body'],
      [api.request('POST', '/edge/cdrs', { body: { cdrs: [call] } }), 401, 'missing_credentials', 'Authorization'],
    ];
    for (const [pending, status, code, field] of cases) {
      const response = await pending;
      expect([response.status, response.json.error.code, response.json.error.field]).toEqual([status, code, field]);
    }
    expect(await stored(call.cdr.uuid)).toBeUndefined();
  });
});

describe('POST /cdrs/import: documents kept, counted and charged once', () => {
  const withUuid = (uuid: string) =>
    readFixture('json-cdr-answered-2015-fs1.4-cgrates.json').replaceAll('e3133bf7-dcde-4daf-9663-9a79ffcef5ad', uuid);

  it('answers accepted and malformed that add up; each bad document is kept with its parser code', async () => {
    const good = withUuid('a0d17000-0000-4000-8000-000000000001');
    const bad: [string, string][] = [
      [good.slice(0, 500), 'invalid_json: Unterminated string in JSON at position 500'],
      ['<?xml version="1.0"?>\n<!DOCTYPE cdr [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<cdr><variables><uuid>&x;</uuid></variables></cdr>',
        'invalid_xml: a CDR has no DOCTYPE; its entities are not expanded (line 2, column 1)'],
      ['\u0000\u0001binary\u00ff', 'unknown_format: the document is neither JSON nor XML, raw, URL-encoded or base64'],
      ['cdr=e30', 'not_a_cdr: the JSON document has no variables object'],
      [`${good}\n${withUuid('a0d17000-0000-4000-8000-000000000002')}`, expect.stringMatching(/^invalid_json: /) as string],
    ];
    const documents = [good, ...bad.map(([text]) => text), good];
    const response = await api.request('POST', '/cdrs/import', { token, body: { documents } });
    expect(response.status, response.text).toBe(202);
    expect(response.json).toMatchObject({ accepted: documents.length, malformed: bad.length, messages: 1 });
    expect(await stored('a0d17000-0000-4000-8000-000000000001')).toMatchObject({ status: 'rated', accountId: 'c1' });
    const listed = await api.request('GET', '/cdrs/unrated?reason=malformed&limit=100', { token });
    for (const [text, message] of bad) {
      expect(await stored(contentId('raw', text)), text.slice(0, 40)).toMatchObject({ status: 'unrated', reason: 'malformed', message });
      const item = listed.json.items.find((entry: { id: string }) => entry.id === contentId('raw', text));
      expect(item?.raw).toBe(text);
    }
  });

  it('refuses a malformed import with a 4xx naming the field', async () => {
    const importing = (body: unknown) => api.request('POST', '/cdrs/import', { token, body });
    const cases: [unknown, string, string][] = [
      [{}, 'invalid_value', 'csv'],
      [{ documents: [] }, 'invalid_value', 'documents'],
      [{ documents: ['x', ''] }, 'invalid_value', 'documents.1'],
      [{ documents: [{ variables: {} }] }, 'invalid_type', 'documents.0'],
      [{ documents: ['x'], csv: 'uuid\n' }, 'invalid_value', 'csv'],
      [{ documents: Array.from({ length: 1001 }, () => 'x') }, 'invalid_value', 'documents'],
      [{ documents: ['x'], trustCallerSipUser: 'yes' }, 'invalid_type', 'trustCallerSipUser'],
      [{ documents: ['x'], account: 'c1' }, 'unknown_field', 'account'],
    ];
    for (const [body, code, field] of cases) {
      const response = await importing(body);
      expect([response.status, response.json.error.code, response.json.error.field]).toEqual([400, code, field]);
    }
  });

  it('refuses a bad question about the unrated store with a 400 naming the parameter', async () => {
    const cases: [Promise<{ status: number; json: any }>, string][] = [
      [api.request('GET', '/cdrs/unrated?reason=duplicate', { token }), 'reason'],
      [api.request('GET', '/cdrs/unrated?reason=malformed&limit=0', { token }), 'limit'],
      [api.request('GET', '/cdrs/unrated?reason=malformed&cursor=not-ours', { token }), 'cursor'],
      [api.request('POST', '/cdrs/unrated/rerate', { token, body: { reason: 'everything' } }), 'reason'],
    ];
    for (const [pending, field] of cases) {
      const response = await pending;
      expect([response.status, response.json.error.field]).toEqual([400, field]);
    }
  });

  it('refuses an account in a currency the deployment has no rate for: no CDR can be left without one', async () => {
    const body = { accountId: 'audit-yen', number: 'AUDIT-3', name: 'Yen', parentId: 'r1', type: 'customer', currency: 'JPY', mode: 'prepaid', timezone: 'UTC', country: 'US', rateGroupId: 'rg-r1' };
    const created = await api.request('POST', '/accounts', { token, body });
    expect([created.status, created.json.error.code, created.json.error.field]).toEqual([422, 'unknown_currency', 'currency']);
  });
});
