/**
 * Deck imports and versions in the `config` table: an import is `IMPORT#<id>` / `ITEM` (indexed
 * in `byPath` under `IMPORT`), a version is `RATEGROUP#<group>` / `VERSION#<kind>#<trunk>#<ms>`
 * — so two versions of one deck effective from the same instant cannot both exist. Status
 * changes are conditional on the status they leave, so a redelivered import message or a
 * double publish changes nothing.
 */
import {
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../../core/audit/audit';
import type { DeckImportStatus } from '../../../core/imports/deck-import';
import type { DeckImport, DeckVersionRecord } from '../../../core/imports/records';
import { auditActions } from './audit-items';
import { ConfigEpoch } from './config-epoch';
import { runPlan, type PlanOutcome } from './write-plan';

const ITEM = 'ITEM';
const importPk = (id: string) => `IMPORT#${id}`;
const versionSk = (v: Pick<DeckVersionRecord, 'deckKind' | 'trunkId' | 'effectiveFromEpochMs'>) =>
  `VERSION#${v.deckKind}#${v.trunkId ?? '-'}#${String(v.effectiveFromEpochMs).padStart(15, '0')}`;

export class ImportStore {
  /** A published version changes what edge snapshots are built from. */
  private readonly epoch: ConfigEpoch;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.epoch = new ConfigEpoch(documents, tableName);
  }

  create(record: DeckImport, audit: AuditEntry): Promise<PlanOutcome> {
    return runPlan(this.documents, [
      {
        action: {
          Put: {
            TableName: this.tableName,
            Item: {
              pk: importPk(record.importId),
              sk: ITEM,
              gpk: 'IMPORT',
              gsk: `${record.path}#${record.importId}`,
              ...record,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        failure: { code: 'import_exists', field: null },
      },
      ...auditActions(this.tableName, audit),
    ]);
  }

  async get(importId: string): Promise<DeckImport | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: importPk(importId), sk: ITEM },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, gpk: _gpk, gsk: _gsk, ...record } = Item;
    return record as DeckImport;
  }

  /** Moves an import from one of `from` to a new status with `changes`; false if it was elsewhere. */
  async transition(
    importId: string,
    from: readonly DeckImportStatus[],
    changes: Partial<DeckImport> & {
      readonly status: DeckImportStatus;
      readonly updatedAtEpochMs: number;
    },
  ): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {};
    const sets = Object.entries(changes).map(([key, value], index) => {
      names[`#f${index}`] = key;
      values[`:v${index}`] = value;
      return `#f${index} = :v${index}`;
    });
    from.forEach((status, index) => (values[`:from${index}`] = status));
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: importPk(importId), sk: ITEM },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `#status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Progress while running: one small update, not conditioned (the worker owns the import). */
  async progress(importId: string, bytesRead: number, updatedAtEpochMs: number): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: importPk(importId), sk: ITEM },
        UpdateExpression: 'SET bytesRead = :bytes, updatedAtEpochMs = :now',
        ExpressionAttributeValues: { ':bytes': bytesRead, ':now': updatedAtEpochMs },
      }),
    );
  }

  /** The version item, the import's move to `published` and the audit entries, at once. */
  publish(version: DeckVersionRecord, audit: AuditEntry): Promise<PlanOutcome> {
    const written = runPlan(this.documents, [
      {
        action: {
          Put: {
            TableName: this.tableName,
            Item: { pk: `RATEGROUP#${version.rateGroupId}`, sk: versionSk(version), ...version },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        failure: { code: 'duplicate_effective_from', field: 'effectiveFromEpochMs' },
      },
      {
        action: {
          Update: {
            TableName: this.tableName,
            Key: { pk: importPk(version.versionId), sk: ITEM },
            UpdateExpression: 'SET #status = :published, updatedAtEpochMs = :now',
            ConditionExpression: '#status = :validated',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':published': 'published',
              ':validated': 'validated',
              ':now': version.publishedAtEpochMs,
            },
          },
        },
        failure: { code: 'import_not_validated', field: 'importId' },
      },
      ...auditActions(this.tableName, audit),
    ]);
    return this.epoch.after(written);
  }

  async versions(rateGroupId: string): Promise<DeckVersionRecord[]> {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
        ExpressionAttributeValues: { ':pk': `RATEGROUP#${rateGroupId}`, ':version': 'VERSION#' },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(
      ({ pk: _pk, sk: _sk, ...version }) => version as DeckVersionRecord,
    );
  }
}
