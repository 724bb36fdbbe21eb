// Proves re-rating a malformed CDR on DynamoDB Local: a kept document that today's parser reads (as if an older parser had refused it) is rated under its own uuid and charged exactly once, however often re-rating runs; its malformed entry leaves the list pointing at that CDR; a document that still does not parse stays listed with its text.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unratedItem } from '../../functions/rate-cdrs/items';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('admin');
});
afterAll(() => api.close());

const FIXTURE = '../shared/fixtures/freeswitch/json-cdr-answered-2015-fs1.4-cgrates.json';
const UUID = 'e3133bf7-dcde-4daf-9663-9a79ffcef5ad';

/**
 * The 2015 capture (c1's device 1001) dialling London instead of extension 1003, its times moved
 * to now: the demo's decks take effect when the test's cloud is seeded.
 */
const londonDocument = () => {
  const shiftSeconds = Math.floor(Date.now() / 1000) + 1 - 1_436_280_728;
  return readFileSync(FIXTURE, 'utf8')
    .replaceAll('"destination_number":"1003"', '"destination_number":"442071234567"')
    .replaceAll('"sip_req_user":"1003"', '"sip_req_user":"442071234567"')
    .replaceAll('"sip_to_user":"1003"', '"sip_to_user":"442071234567"')
    .replace(/"(\w*epoch)":"(\d{10}|\d{16})"/g, (_all, name: string, value: string) => {
      const shifted = value.length === 10 ? shiftSeconds : shiftSeconds * 1_000_000;
      return `"${name}":"${BigInt(value) + BigInt(shifted)}"`;
    });
};

/** An unrated `malformed` entry as the rater keeps one, the document inline. */
async function keepMalformed(id: string, raw: string) {
  const item = unratedItem({
    id,
    reason: 'malformed',
    message: 'not_a_cdr: refused by an older parser',
    batchId: `old-${id}`,
    receivedAtEpochMs: Date.now(),
    raw,
  });
  const [outcome] = await api.deps.cdrs.rater.cdrs.putManyOnce([item]);
  expect(outcome?.written).toBe(true);
}

const rerate = () =>
  api.request('POST', '/cdrs/unrated/rerate', { token, body: { reason: 'malformed' } });
const balance = async (id: string) => (await api.deps.ledger.getBalance(id))!.balanceMicros;

describe('re-rating malformed CDRs', () => {
  it('parses the document again, rates it under its uuid once, and resolves the entry', async () => {
    await keepMalformed('raw-older-parser', londonDocument());
    await keepMalformed('raw-still-broken', '{"variables": "still not a CDR"');
    const before = await balance('c1');
    const first = await rerate();
    const second = await rerate();
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ examined: 2, rated: 1, stillUnrated: 1 });
    expect(second.json).toMatchObject({ examined: 1, rated: 0, stillUnrated: 1 });
    const rated = await api.deps.cdrs.rater.cdrs.get(UUID);
    expect(rated).toMatchObject({ status: 'rated', accountId: 'c1', callee: '442071234567' });
    const charge = (rated?.charges as { accountId: string; chargeMicros: number }[])[0];
    expect(charge?.accountId).toBe('c1');
    expect(charge?.chargeMicros).toBeGreaterThan(0);
    expect(before - (await balance('c1'))).toBe(charge?.chargeMicros);
    const entry = await api.deps.cdrs.rater.cdrs.get('raw-older-parser');
    expect(entry).toMatchObject({ status: 'unrated', reparsedAs: UUID });
    expect(entry?.upk).toBeUndefined();
    const listed = await api.request('GET', '/cdrs/unrated?reason=malformed', { token });
    const ids = listed.json.items.map((item: { id: string }) => item.id);
    expect(ids).toContain('raw-still-broken');
    expect(ids).not.toContain('raw-older-parser');
  });
});
