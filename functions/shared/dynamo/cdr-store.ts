/**
 * The `cdrs` table: one item per CDR (`pk = CDR#<uuid>`, `sk = CDR`), rated or unrated, each
 * written once by a conditional insert (`cdr-insert.ts`) — no transaction per CDR, so a ≤ 1 KB
 * rated CDR costs one write unit. Unrated items also carry `upk = UNRATED#<reason>` and
 * `usk = <15-digit received ms>#<id>`, which put them (and only them) in the sparse `unrated`
 * index; re-rating removes both, so a re-rated CDR leaves the list in the same write.
 */
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { UnratedReason } from '../../../core/cdr/rated-cdr';
import { itemSizeBytes, type ItemMap } from '../../../core/ledger/item-size';
import { insertOnce } from './cdr-insert';
import { decodePageCursor, encodePageCursor } from './page-cursor';

export const CDR_SK = 'CDR';
export const cdrPk = (id: string) => `CDR#${id}`;
const KB = 1024;
/** DynamoDB's limit of keys per BatchGetItem. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 5;

export type StoredCdr = Record<string, unknown> & {
  readonly id: string;
  readonly status: 'rated' | 'unrated';
  readonly batchId: string;
};

export type PutOutcome =
  | { readonly written: true; readonly writeUnits: number }
  | { readonly written: false; readonly existing: StoredCdr };

export interface UnratedPage {
  readonly items: readonly StoredCdr[];
  readonly nextCursor?: string;
}

export class CdrStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /**
   * Writes each item unless its id exists (see `cdr-insert.ts`); answers, in input order, the
   * write units spent or the item already stored. Ids must be distinct (DynamoDB refuses a
   * batch that names one key twice).
   */
  async putManyOnce(items: readonly StoredCdr[]): Promise<PutOutcome[]> {
    const full = items.map((item) => ({ pk: cdrPk(item.id), sk: CDR_SK, ...item }));
    const sized = full.map((item) => ({ item, sizeBytes: itemSizeBytes(item as ItemMap) }));
    const results = await insertOnce(this.documents, this.tableName, sized);
    const duplicates = items.filter((_, index) => results[index] === 'duplicate');
    const existing = new Map((await this.getMany(duplicates.map(({ id }) => id), true)).map(byId));
    return results.map((result, index): PutOutcome => {
      const { item, sizeBytes } = sized[index] as (typeof sized)[number];
      if (result === 'written') return { written: true, writeUnits: unitsOf(item, sizeBytes) };
      const stored = existing.get(item.id);
      if (!stored) throw new Error(`cdrs: ${String(item.id)} failed its condition but is missing`);
      return { written: false, existing: stored };
    });
  }

  async get(id: string): Promise<StoredCdr | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: cdrPk(id), sk: CDR_SK },
        ConsistentRead: true,
      }),
    );
    return Item as StoredCdr | undefined;
  }

  /**
   * Many CDR items by id (search results), in no particular order; ids not found are absent.
   * BatchGet reads 100 keys per request and may hand some back unprocessed: those are asked
   * again (a bounded number of times, then it is an error worth a retry by the caller).
   * `consistent` reads what a write just failed against (an index-less search need not).
   */
  async getMany(ids: readonly string[], consistent = false): Promise<StoredCdr[]> {
    const found: StoredCdr[] = [];
    for (let start = 0; start < ids.length; start += BATCH_GET_KEYS) {
      const chunk = ids.slice(start, start + BATCH_GET_KEYS);
      let keys = chunk.map((id) => ({ pk: cdrPk(id), sk: CDR_SK }));
      for (let attempt = 0; keys.length > 0; attempt += 1) {
        if (attempt === BATCH_GET_ATTEMPTS) throw new Error('cdrs: BatchGet kept keys unprocessed');
        const result = await this.documents.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: consistent } },
          }),
        );
        found.push(...((result.Responses?.[this.tableName] ?? []) as StoredCdr[]));
        keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof keys;
      }
    }
    return found;
  }

  /**
   * Replaces an unrated item by its rated form, only if it is still unrated (two re-raters
   * racing: one wins, the other sees `false` and posts nothing).
   */
  async replaceUnrated(item: StoredCdr): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: cdrPk(item.id), sk: CDR_SK, ...item },
          ConditionExpression: '#status = :unrated',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':unrated': 'unrated' },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /**
   * One page of an account's rated CDRs answered in [from, to). A Scan with a filter: rated
   * CDRs carry no index key (an index would cost a write unit per CDR), so a period re-rate
   * reads the table page by page — a rare operator action, bounded per request by `limit`.
   */
  async scanRated(
    accountId: string,
    range: { readonly fromEpochMs: number; readonly toEpochMs: number },
    limit: number,
    cursor?: string,
  ): Promise<UnratedPage> {
    const start = cursor === undefined ? undefined : decodePageCursor(cursor);
    const result = await this.documents.send(
      new ScanCommand({
        TableName: this.tableName,
        FilterExpression:
          'accountId = :account AND #status = :rated AND answeredAtEpochMs >= :from ' +
          'AND answeredAtEpochMs < :to',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':account': accountId,
          ':rated': 'rated',
          ':from': range.fromEpochMs,
          ':to': range.toEpochMs,
        },
        Limit: limit,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const items = (result.Items ?? []) as StoredCdr[];
    const nextCursor = encodePageCursor(result.LastEvaluatedKey);
    return nextCursor ? { items, nextCursor } : { items };
  }

  /** Replaces a rated item by its corrected form if nobody re-rated it since `revision`. */
  async replaceRated(item: StoredCdr, revision: number): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: cdrPk(item.id), sk: CDR_SK, ...item },
          ConditionExpression: revision === 0 ? 'attribute_not_exists(revision)' : 'revision = :r',
          ...(revision === 0 ? {} : { ExpressionAttributeValues: { ':r': revision } }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Unrated CDRs with `reason`, oldest first (the index is eventually consistent in AWS). */
  async listUnrated(reason: UnratedReason, limit: number, cursor?: string): Promise<UnratedPage> {
    const start = cursor === undefined ? undefined : decodePageCursor(cursor);
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'unrated',
        KeyConditionExpression: 'upk = :reason',
        ExpressionAttributeValues: { ':reason': `UNRATED#${reason}` },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const items = (result.Items ?? []) as StoredCdr[];
    const nextCursor = encodePageCursor(result.LastEvaluatedKey);
    return nextCursor ? { items, nextCursor } : { items };
  }
}

/** Write units as AWS bills one non-transactional put: 1 per KB, plus the index copy if any. */
export function writeUnitsOf(item: Record<string, unknown>): number {
  return unitsOf(item, itemSizeBytes(item as ItemMap));
}

function unitsOf(item: Record<string, unknown>, sizeBytes: number): number {
  const units = Math.ceil(sizeBytes / KB);
  return item.upk === undefined ? units : units * 2;
}

const byId = (item: StoredCdr): [string, StoredCdr] => [item.id, item];

/** The unrated index keys: received time first, so a listing reads oldest first. */
export function unratedKeys(reason: UnratedReason, receivedAtEpochMs: number, id: string) {
  return { upk: `UNRATED#${reason}`, usk: `${String(receivedAtEpochMs).padStart(15, '0')}#${id}` };
}
