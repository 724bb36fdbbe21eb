/**
 * Per subtree, the edge snapshot version last built and the configuration epoch read before
 * building it (`pk = SNAPSHOT#<root path>`, `sk = BUILT` in the `config` table): what lets
 * `GET /edge/snapshot` answer an unchanged edge 304 without reading the subtree
 * (`core/snapshot/unchanged.ts`).
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BuiltVersionRecord, EpochState } from '../../../core/snapshot/unchanged';
import type { ConfigEpoch } from './config-epoch';

const BUILT = 'BUILT';
const recordPk = (rootPath: string) => `SNAPSHOT#${rootPath}`;

/** A recorded build with the object-store key of each deck it names (for download URLs). */
export interface KeptBuild extends BuiltVersionRecord {
  readonly deckKeys: Readonly<Record<string, string>>;
}

export interface SnapshotVersionLookup {
  readonly epoch: EpochState;
  readonly record: KeptBuild | undefined;
}

export class SnapshotVersions {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly epoch: ConfigEpoch,
  ) {}

  async lookup(rootPath: string): Promise<SnapshotVersionLookup> {
    const [epoch, found] = await Promise.all([
      this.epoch.read(),
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: recordPk(rootPath), sk: BUILT },
          ConsistentRead: true,
        }),
      ),
    ]);
    const item = found.Item;
    const record =
      typeof item?.epoch === 'number' &&
      typeof item.version === 'string' &&
      typeof item.builtAtEpochMs === 'number'
        ? {
            epoch: item.epoch,
            version: item.version,
            builtAtEpochMs: item.builtAtEpochMs,
            deckKeys: (item.deckKeys ?? {}) as Record<string, string>,
          }
        : undefined;
    return { epoch, record };
  }

  /** Keeps `record` unless one of a later epoch is there already (two polls built at once). */
  async record(rootPath: string, record: KeptBuild): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: recordPk(rootPath), sk: BUILT, ...record },
          ConditionExpression: 'attribute_not_exists(pk) OR epoch <= :epoch',
          ExpressionAttributeValues: { ':epoch': record.epoch },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
