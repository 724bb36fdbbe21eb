/**
 * The `cdrs` table: one item per CDR (`pk = CDR#<uuid>`, `sk = CDR`), rated or unrated, each
 * written once with `attribute_not_exists(pk)` — no transaction per CDR, so a ≤ 1 KB rated CDR
 * costs one write unit. Unrated items also carry `upk = UNRATED#<reason>` and
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
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { UnratedReason } from '../../../core/cdr/rated-cdr';
import { itemSizeBytes, type ItemMap } from '../../../core/ledger/item-size';
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

  /** Writes the item unless its id exists; then answers the stored item (one round trip). */
  async putOnce(item: StoredCdr): Promise<PutOutcome> {
    const full = { pk: cdrPk(item.id), sk: CDR_SK, ...item };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: full,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { written: true, writeUnits: writeUnitsOf(full) };
    } catch (error) {
      const failed = error as { name?: string; Item?: Record<string, AttributeValue> };
      if (failed.name !== 'ConditionalCheckFailedException') throw error;
      const existing = failed.Item ? unmarshall(failed.Item) : await this.get(item.id);
      if (!existing) throw new Error(`cdrs: ${item.id} failed its condition but is missing`);
      return { written: false, existing: existing as StoredCdr };
    }
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
   */
  async getMany(ids: readonly string[]): Promise<StoredCdr[]> {
    const found: StoredCdr[] = [];
    for (let start = 0; start < ids.length; start += BATCH_GET_KEYS) {
      const chunk = ids.slice(start, start + BATCH_GET_KEYS);
      let keys = chunk.map((id) => ({ pk: cdrPk(id), sk: CDR_SK }));
      for (let attempt = 0; keys.length > 0; attempt += 1) {
        if (attempt === BATCH_GET_ATTEMPTS) throw new Error('cdrs: BatchGet kept keys unprocessed');
        const result = await this.documents.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }),
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
  const units = Math.ceil(itemSizeBytes(item as ItemMap) / KB);
  return item.upk === undefined ? units : units * 2;
}

/** The unrated index keys: received time first, so a listing reads oldest first. */
export function unratedKeys(reason: UnratedReason, receivedAtEpochMs: number, id: string) {
  return { upk: `UNRATED#${reason}`, usk: `${String(receivedAtEpochMs).padStart(15, '0')}#${id}` };
}
