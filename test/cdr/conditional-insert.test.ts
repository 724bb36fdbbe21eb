// Proves CDR items are written once each on DynamoDB Local through batched conditional inserts: new ones written, existing ones reported (in input order, across chunks), large items split by bytes, and nested values stored as given.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertOnce, STATEMENTS_PER_BATCH } from '../../functions/shared/dynamo/cdr-insert';
import { CdrStore } from '../../functions/shared/dynamo/cdr-store';
import { freshTables, type TestDynamo } from '../support/dynamo';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await freshTables();
});

const sized = (item: Record<string, unknown>) => ({ item, sizeBytes: 100 });
const key = (id: string) => ({ pk: `T#${id}`, sk: 'CDR' });

describe('insertOnce', () => {
  it('writes new keys, reports existing ones in input order, across requests', async () => {
    const table = dynamo.names.cdrs;
    const first = Array.from({ length: 30 }, (_, i) => sized({ ...key(`a${i}`), n: i }));
    expect(await insertOnce(dynamo.documents, table, first)).toEqual(Array(30).fill('written'));
    // 60 items: three requests; every third already exists and must keep its first value.
    const second = Array.from({ length: 2 * STATEMENTS_PER_BATCH + 10 }, (_, i) =>
      sized({ ...key(i % 3 === 0 ? `a${i % 30}` : `b${i}`), n: 1000 + i }),
    );
    const results = await insertOnce(dynamo.documents, table, second);
    expect(results).toEqual(second.map((_, i) => (i % 3 === 0 ? 'duplicate' : 'written')));
    const { Item } = await dynamo.documents.send(new GetCommand({ TableName: table, Key: key('a3') }));
    expect(Item?.n).toBe(3);
  });

  it('stores nested maps, lists, nulls and numbers as given, and leaves undefined out', async () => {
    const item = {
      ...key('nested'),
      charges: [{ accountId: 'c1', chargeMicros: 36_628, currency: 'USD' }],
      basis: { kind: 'deck', prefix: '4420', recorded: false },
      lease: null,
      callee: "44'20",
      dropped: undefined,
    };
    await insertOnce(dynamo.documents, dynamo.names.cdrs, [sized(item)]);
    const { Item } = await dynamo.documents.send(
      new GetCommand({ TableName: dynamo.names.cdrs, Key: key('nested') }),
    );
    const { dropped: _dropped, ...expected } = item;
    expect(Item).toEqual(expected);
  });

  it('splits items by bytes so large unrated documents each fit a request', async () => {
    const raw = 'x'.repeat(300_000);
    const large = Array.from({ length: 5 }, (_, i) => ({
      item: { ...key(`large${i}`), raw },
      sizeBytes: 300_020,
    }));
    expect(await insertOnce(dynamo.documents, dynamo.names.cdrs, large)).toEqual(
      Array(5).fill('written'),
    );
  });
});

describe('CdrStore.putManyOnce', () => {
  it('answers write units for written items and the stored item for existing ones', async () => {
    const store = new CdrStore(dynamo.documents, dynamo.names.cdrs);
    const note = 'x'.repeat(1500);
    const first = { id: 'p1', status: 'rated' as const, batchId: 'batch-1', note };
    const [written] = await store.putManyOnce([first]);
    expect(written).toEqual({ written: true, writeUnits: 2 });
    const again = { ...first, batchId: 'batch-2' };
    const fresh = { id: 'p2', status: 'rated' as const, batchId: 'batch-2' };
    const outcomes = await store.putManyOnce([again, fresh]);
    const existing = { id: 'p1', batchId: 'batch-1' };
    expect(outcomes[0]).toMatchObject({ written: false, existing });
    expect(outcomes[1]).toEqual({ written: true, writeUnits: 1 });
  });
});
