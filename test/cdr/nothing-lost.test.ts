// Proves nothing an import sends is lost, over real HTTP on DynamoDB Local: random edits of the real JSON CDR captures (variables dropped or given odd values, documents cut short, fresh uuids) each end as a CDR item — rated, or unrated with a reason — under its uuid when it parses and under its content hash when it does not, with the text kept.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCdr } from '../../core/freeswitch/parse-cdr';
import { contentId } from '../../functions/rate-cdrs/items';
import { withRawDocuments } from '../../functions/rate-cdrs/raw-batch';
import { readFixture } from '../freeswitch/fixtures';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('admin');
});
afterAll(() => api?.close());

const CAPTURES = [
  'json-cdr-answered-2014-fs1.4-cgrates.json',
  'json-cdr-answered-2015-fs1.4-cgrates.json',
  'json-cdr-answered-2018-fs1.6plus-cgrates.json',
  'json-cdr-unanswered-aleg-originator-cancel-2025-fs1.10.json',
];

const oddValue = fc.oneof(
  fc.constantFrom('', '-1', '0', '99999999999999999999', 'NaN', 'x', '1e3', null, 7, true),
  fc.string({ maxLength: 12 }),
);

/** A capture with a fresh uuid, some variables dropped or replaced, maybe cut short. */
const documentArb = fc
  .record({
    capture: fc.constantFrom(...CAPTURES),
    edits: fc.array(fc.tuple(fc.nat(), fc.option(oddValue, { freq: 3 })), { maxLength: 4 }),
    cutPercent: fc.oneof(
      { arbitrary: fc.constant(null), weight: 3 },
      { arbitrary: fc.integer({ min: 1, max: 99 }), weight: 1 },
    ),
  })
  .map(({ capture, edits, cutPercent }) => {
    const json = JSON.parse(readFixture(capture)) as { variables: Record<string, unknown> };
    const uuid = randomUUID();
    const text = JSON.stringify(json).replaceAll(String(json.variables.uuid), uuid);
    const document = JSON.parse(text) as { variables: Record<string, unknown> };
    const names = Object.keys(document.variables);
    for (const [at, value] of edits) {
      const name = names[at % names.length] as string;
      if (value === null) delete document.variables[name];
      else document.variables[name] = value;
    }
    const whole = JSON.stringify(document);
    return cutPercent === null ? whole : whole.slice(0, (whole.length * cutPercent) / 100);
  });

describe('importing edited captures', () => {
  it('keeps every document as an item, rated or unrated with its reason', async () => {
    const seen = { rated: 0, unrated: 0, malformed: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(documentArb, { minLength: 1, maxLength: 12 }), async (documents) => {
        const answer = await api.request('POST', '/cdrs/import', { token, body: { documents } });
        expect(answer.status, answer.text).toBe(202);
        for (const document of documents) {
          const parsed = parseCdr(document);
          const id = parsed.ok ? parsed.value.uuid : contentId('raw', document);
          const item = await api.deps.cdrs.rater.cdrs.get(id);
          expect(item, `${id} is missing: ${document.slice(0, 120)}`).toBeDefined();
          if (item?.status === 'rated') seen.rated += 1;
          else {
            seen.unrated += 1;
            expect(item?.reason).toMatch(/^[a-z_]+$/);
          }
          if (!parsed.ok) {
            seen.malformed += 1;
            expect(item).toMatchObject({ status: 'unrated', reason: 'malformed' });
            const [kept] = await withRawDocuments(api.deps.cdrs.rater.objects, [item!]);
            expect(kept?.raw ?? item?.raw).toBe(document);
          }
        }
      }),
      { numRuns: 15 },
    );
    expect(seen.rated).toBeGreaterThan(0);
    expect(seen.unrated).toBeGreaterThan(0);
    expect(seen.malformed).toBeGreaterThan(0);
  });
});
