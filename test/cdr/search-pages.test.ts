// Proves the deflated search pages: a page of 500 realistic entries costs about half its
// string-list form (the random CDR ids do not compress below their 16 bytes), a search reads it back entry for entry (cursor offsets included), and a page
// written in the older string-list form is still found.
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CdrSearchStore,
  type SearchPage,
  type SearchRequest,
} from '../../functions/shared/dynamo/cdr-search';
import { encodeEntry, type PageEntry } from '../../functions/shared/dynamo/cdr-search-entry';
import { freshTables, type TestDynamo } from '../support/dynamo';

const DAY = '2026-11-20';
const MIDNIGHT = Date.parse(`${DAY}T00:00:00.000Z`);
let dynamo: TestDynamo;
let store: CdrSearchStore;

beforeAll(async () => {
  dynamo = await freshTables();
  store = new CdrSearchStore(dynamo.documents, dynamo.names.cdrs);
});

function entry(index: number): PageEntry {
  return {
    id: randomUUID(),
    startedAtEpochMs: MIDNIGHT + 3_600_000 + index * 7_919,
    disposition: index % 5 === 0 ? 'failed' : 'answered',
    hangupCause: index % 5 === 0 ? 'NO_ANSWER' : 'NORMAL_CLEARING',
    callee: `44${String(2071234000 + ((index * 7_307) % 99_999))}`,
    caller: `1555${String(1230000 + ((index * 31) % 9_999))}`,
  };
}

const request = (keyPrefix: string, limit: number): SearchRequest => ({
  filter: { fromEpochMs: MIDNIGHT, toEpochMs: MIDNIGHT + 86_400_000 },
  keyPrefix,
  limit,
  maxPages: 10,
});

describe('search pages', () => {
  it('deflates a page to about half its entries and reads every entry back', async () => {
    // Prepare
    const entries = Array.from({ length: 500 }, (_, index) => entry(index));
    const page: SearchPage = {
      ...{ day: DAY, accountId: 'c1', accountPath: '/op/c1/', batchId: 'b-0' },
      entries,
    };
    const plainBytes = entries
      .map((e) => encodeEntry(e, MIDNIGHT).length + 1)
      .reduce((sum, bytes) => sum + bytes);
    // Act
    const units = await store.putPage(page);
    const first = await store.search(request('/op/c1/#', 300));
    const rest = await store.search({ ...request('/op/c1/#', 300), cursor: first.next! });
    // Assess: ~35 KB of entries (35 units as a string list) in a page of about half.
    expect(plainBytes).toBeGreaterThan(30_000);
    expect(units).toBeLessThanOrEqual(Math.ceil((plainBytes / 1024) * 0.55));
    expect([...first.hits, ...rest.hits].map((hit) => hit.entry)).toEqual(entries);
    expect(first.hits[0]?.accountPath).toBe('/op/c1/');
    expect(await store.putPage(page)).toBe(units);
  });

  it('still reads a page written as a string list', async () => {
    // Prepare: the older layout, entries as a list of strings.
    const entries = [entry(1), entry(2)];
    await dynamo.documents.send(
      new PutCommand({
        TableName: dynamo.names.cdrs,
        Item: {
          pk: `CDRPAGE#${DAY}`,
          sk: `/op/c2/#${String(MIDNIGHT).padStart(15, '0')}#old-0`,
          accountId: 'c2',
          entries: entries.map((e) => encodeEntry(e, MIDNIGHT)),
        },
      }),
    );
    // Act
    const found = await store.search(request('/op/c2/#', 10));
    // Assess
    expect(found.hits.map((hit) => hit.entry)).toEqual(entries);
    expect(found.hits.map((hit) => hit.accountId)).toEqual(['c2', 'c2']);
  });
});
