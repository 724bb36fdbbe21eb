/**
 * The DynamoDB adapter of the ledger's `LedgerRepository` port. One write is one
 * TransactWriteItems: every balance item it moves (conditional on existing and, for debits that
 * must not overdraw, on `availableMicros`) and every posting (conditional on its key not
 * existing). What a cancellation means is decided by the ledger service, not here.
 */
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BalanceState } from '../../../core/ledger/available';
import type { LedgerWrite } from '../../../core/ledger/plan';
import type { ApplyOutcome, LedgerRepository, PostingPage } from '../../../core/ledger/ports';
import type { Posting } from '../../../core/ledger/posting';
import { readCancellation } from './cancellation';
import { ledgerActions } from './ledger-actions';
import { decodePostingCursor, encodePostingCursor } from './posting-cursor';
import {
  BALANCE_SK,
  accountPk,
  balanceFromItem,
  balanceItem,
  postingFromItem,
  postingSk,
  type OpenBalance,
} from './ledger-items';

/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_LIMIT = 100;

export class DynamoLedgerRepository implements LedgerRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async apply(write: LedgerWrite): Promise<ApplyOutcome> {
    const { items, owners, writeUnits } = ledgerActions(this.tableName, write);
    try {
      await this.documents.send(new TransactWriteCommand({ TransactItems: items }));
      return { status: 'written', writeUnits };
    } catch (error) {
      const outcome = readCancellation(error, owners);
      return outcome.status === 'cancelled' && outcome.existing.length === 0
        ? { ...outcome, existing: await this.storedPostings(write) }
        : outcome;
    }
  }

  /**
   * DynamoDB does not promise to report every failed condition of a cancelled transaction. When
   * only a balance condition is reported, the postings are read back (consistently), so that a
   * replay is still answered with its first result rather than, say, `insufficient_funds`.
   * Only the failure path pays this read.
   */
  private async storedPostings(write: LedgerWrite): Promise<Posting[]> {
    const postings = write.changes.flatMap((change) => change.postings);
    const found: Posting[] = [];
    for (let start = 0; start < postings.length; start += BATCH_GET_LIMIT) {
      const keys = postings.slice(start, start + BATCH_GET_LIMIT).map((posting) => ({
        pk: accountPk(posting.accountId),
        sk: postingSk(posting.idempotencyKey),
      }));
      const { Responses, UnprocessedKeys } = await this.documents.send(
        new BatchGetCommand({
          RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } },
        }),
      );
      if (Object.keys(UnprocessedKeys ?? {}).length > 0)
        throw new Error('ledger: postings read back in part');
      found.push(...(Responses?.[this.tableName] ?? []).map(postingFromItem));
    }
    return found;
  }

  async getBalance(accountId: string): Promise<BalanceState | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: accountPk(accountId), sk: BALANCE_SK },
        ConsistentRead: true,
      }),
    );
    return Item ? balanceFromItem(Item) : undefined;
  }

  /**
   * Newest first, from the `byTime` index. Index reads are eventually consistent in AWS: a
   * posting written a moment ago may appear a moment later (the balance read is consistent).
   */
  async listPostings(accountId: string, limit: number, cursor?: string): Promise<PostingPage> {
    const start = cursor === undefined ? undefined : decodePostingCursor(accountId, cursor);
    const { Items = [], LastEvaluatedKey } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byTime',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': accountPk(accountId) },
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const postings = Items.map(postingFromItem);
    return LastEvaluatedKey
      ? { postings, nextCursor: encodePostingCursor(LastEvaluatedKey) }
      : { postings };
  }

  /** Creates an account's balance item once; false when it already exists. */
  async openBalance(open: OpenBalance, nowEpochMs: number): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: balanceItem(open, nowEpochMs),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
