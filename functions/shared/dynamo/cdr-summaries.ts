/**
 * Summary aggregates in the `cdrs` table, one item per cell (`core/cdr/summary.ts`):
 *
 *   pk = CDRSUM#<yyyy-mm-dd>   sk = <account path>#<prefix>#<trunk>
 *
 * so a subtree's cells of a day are one key range (the same layout as the search pages).
 *
 * Exactly once per batch: a batch's cells are added in transactions of up to CELLS_PER_TRANSACTION
 * cells, each with a marker item `CDRSUMBATCH#<batch id>` / `<chunk>` put on the condition that it
 * is new. A redelivered batch folds to the same cells in the same order (same chunks), finds its
 * markers and adds nothing; a crash between two chunks leaves the applied ones marked and the
 * redelivery adds the rest. Two deliveries racing: one transaction wins, the other fails its
 * marker condition. Transactions bill twice (AWS), so a batch costs 2 × (chunks + cells) units.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  cellKey,
  daysBetween,
  ZERO_TOTALS,
  type SummaryCell,
  type SummaryTotals,
} from '../../../core/cdr/summary';
import { queryKeyRange } from './cdr-search';
import { writeUnitsOf } from './cdr-store';
import { runPlan } from './write-plan';

/** 99 cells + the marker = DynamoDB's 100 actions per transaction. */
export const CELLS_PER_TRANSACTION = 99;
/** The marker's failed condition: an earlier delivery already added this chunk. */
const BATCH_SUMMARIZED = { code: 'batch_already_summarized', field: null };
const SUMMARY_PK_PREFIX = 'CDRSUM#';
/** Every total, from the complete zero record: a new total cannot be forgotten here. */
const TOTAL_FIELDS = Object.keys(ZERO_TOTALS) as (keyof SummaryTotals)[];

export class SummaryRangeTooLarge extends Error {
  readonly code = 'summary_range_too_large';
}

export class CdrSummaryStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** Adds a batch's cells once; answers the write units as AWS bills them (0 on a replay). */
  async addBatch(batchId: string, cells: readonly SummaryCell[]): Promise<number> {
    let writeUnits = 0;
    for (let start = 0; start < cells.length; start += CELLS_PER_TRANSACTION) {
      const chunk = cells.slice(start, start + CELLS_PER_TRANSACTION);
      writeUnits += await this.addChunk(batchId, start / CELLS_PER_TRANSACTION, chunk);
    }
    return writeUnits;
  }

  private async addChunk(batchId: string, chunk: number, cells: readonly SummaryCell[]) {
    const marker = { pk: `CDRSUMBATCH#${batchId}`, sk: String(chunk), cells: cells.length };
    const outcome = await runPlan(this.documents, [
      {
        action: {
          Put: {
            TableName: this.tableName,
            Item: marker,
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        failure: BATCH_SUMMARIZED,
      },
      ...cells.map((cell) => ({ action: { Update: this.addition(cell) } })),
    ]);
    if (!outcome.ok && outcome.code === BATCH_SUMMARIZED.code) return 0;
    // Lost races past runPlan's retries fail the message: SQS redelivers it.
    if (!outcome.ok) throw new Error(`cdr summaries: batch ${batchId}: ${outcome.code}`);
    const units = [marker, ...cells.map(itemOf)].map((item) => writeUnitsOf(item));
    return 2 * units.reduce((sum, unit) => sum + unit, 0);
  }

  private addition(cell: SummaryCell) {
    const values: Record<string, unknown> = {
      ':account': cell.accountId,
      ':currency': cell.currency,
    };
    const names: Record<string, string> = {};
    for (const field of TOTAL_FIELDS) {
      names[`#${field}`] = field;
      values[`:${field}`] = cell.totals[field];
    }
    return {
      TableName: this.tableName,
      Key: { pk: `${SUMMARY_PK_PREFIX}${cell.day}`, sk: cellKey(cell) },
      UpdateExpression:
        `SET accountId = :account, currency = :currency ADD ` +
        TOTAL_FIELDS.map((field) => `#${field} :${field}`).join(', '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /**
   * The cells of every UTC day [from, to) touches under `keyPrefix` (a path; `/` for all). At
   * most `maxCells` are read: a larger fold is refused (`SummaryRangeTooLarge`), not truncated.
   */
  async cells(
    range: { readonly fromEpochMs: number; readonly toEpochMs: number },
    keyPrefix: string,
    maxCells: number,
  ): Promise<SummaryCell[]> {
    const cells: SummaryCell[] = [];
    for (const day of daysBetween(range.fromEpochMs, range.toEpochMs)) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const range = { pk: `${SUMMARY_PK_PREFIX}${day}`, low: keyPrefix, prefix: keyPrefix };
        const result = await queryKeyRange(this.documents, this.tableName, range, startKey, 1000);
        for (const item of result.items) cells.push(cellOf(day, item));
        if (cells.length > maxCells) throw new SummaryRangeTooLarge(`over ${maxCells} cells`);
        startKey = result.lastKey;
      } while (startKey);
    }
    return cells;
  }
}

function itemOf(cell: SummaryCell): Record<string, unknown> {
  const { day, accountId, currency, totals } = cell;
  return { pk: `${SUMMARY_PK_PREFIX}${day}`, sk: cellKey(cell), accountId, currency, ...totals };
}

function cellOf(day: string, item: Record<string, unknown>): SummaryCell {
  const sk = String(item.sk);
  const [accountPath = '', prefix = '', trunk = ''] = sk.split('#');
  const totals = Object.fromEntries(
    TOTAL_FIELDS.map((field) => [field, Number(item[field] ?? 0)]),
  ) as unknown as SummaryTotals;
  const accountId = String(item.accountId);
  return { day, accountId, accountPath, currency: String(item.currency), prefix, trunk, totals };
}
