/**
 * Currencies in the `config` table: the rate in force (`pk = CURRENCY#<code>`, `sk = CURRENT`,
 * indexed in `byPath` under `CURRENCY` for the list) and every rate it ever had
 * (`sk = HISTORY#<15-digit ms>`), written together with the audit entry.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../../core/audit/audit';
import type { CurrencyRate } from '../../../core/currencies/currency';
import { auditActions } from './audit-items';
import { ConfigEpoch } from './config-epoch';
import { runPlan, type PlanOutcome } from './write-plan';

const CURRENT = 'CURRENT';
const historySk = (atEpochMs: number) => `HISTORY#${String(atEpochMs).padStart(15, '0')}`;

/** The history a route returns at most: rates change a few times a day at most. */
export const MAX_CURRENCY_HISTORY = 1000;

export class CurrencyStore {
  /** Edge snapshots carry the rates (limits and max costs in other currencies). */
  private readonly epoch: ConfigEpoch;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.epoch = new ConfigEpoch(documents, tableName);
  }

  async get(code: string): Promise<CurrencyRate | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CURRENCY#${code}`, sk: CURRENT },
        ConsistentRead: true,
      }),
    );
    return Item ? rateFromItem(Item) : undefined;
  }

  async list(): Promise<CurrencyRate[]> {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byPath',
        KeyConditionExpression: 'gpk = :kind',
        ExpressionAttributeValues: { ':kind': 'CURRENCY' },
      }),
    );
    return (result.Items ?? []).map(rateFromItem);
  }

  async history(code: string): Promise<CurrencyRate[]> {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
        ExpressionAttributeValues: { ':pk': `CURRENCY#${code}`, ':history': 'HISTORY#' },
        ConsistentRead: true,
        Limit: MAX_CURRENCY_HISTORY,
      }),
    );
    return (result.Items ?? []).map(rateFromItem);
  }

  set(rate: CurrencyRate, audit: AuditEntry): Promise<PlanOutcome> {
    const pk = `CURRENCY#${rate.code}`;
    const written = runPlan(this.documents, [
      {
        action: {
          Put: {
            TableName: this.tableName,
            Item: { pk, sk: CURRENT, gpk: 'CURRENCY', gsk: rate.code, ...rate },
          },
        },
      },
      {
        action: {
          Put: {
            TableName: this.tableName,
            Item: { pk, sk: historySk(rate.updatedAtEpochMs), ...rate },
            // Two changes in the same millisecond: the second is refused, never lost silently.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        failure: { code: 'currency_changed_concurrently', field: 'code' },
      },
      ...auditActions(this.tableName, audit),
    ]);
    return this.epoch.after(written);
  }
}

function rateFromItem(item: Record<string, unknown>): CurrencyRate {
  return {
    code: String(item.code),
    rateToBase: String(item.rateToBase),
    updatedAtEpochMs: Number(item.updatedAtEpochMs),
    updatedBy: String(item.updatedBy),
  };
}
