/**
 * The configuration epoch: one item in the `config` table (`pk = CONFIG_EPOCH`, `sk = EPOCH`)
 * that every write of what an edge snapshot is built from — account profiles, devices, IP ACLs,
 * caller IDs, trunks, rate groups, settings, published deck versions, currency rates — moves
 * on after it lands: `epoch` + 1 and `changedAtEpochMs`. `GET /edge/snapshot` answers an edge
 * that holds the version last built at the current epoch with 304, without reading its subtree
 * (`snapshot-versions.ts`).
 *
 * Moved after the write, not in its transaction: one item in every configuration transaction
 * would make concurrent writes cancel each other. A build that read the epoch before a write
 * is recorded under the older epoch, so the move after it always forces the next build.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../core/ledger/ports';
import { systemClock } from '../system';
import type { PlanOutcome } from './write-plan';

export const CONFIG_EPOCH_KEY = { pk: 'CONFIG_EPOCH', sk: 'EPOCH' } as const;

export interface ConfigEpochState {
  /** 0 before the first configuration write. */
  readonly epoch: number;
  readonly changedAtEpochMs: number;
}

export class ConfigEpoch {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Marks the configuration changed. Call after the write has landed. */
  async bump(): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: CONFIG_EPOCH_KEY,
        UpdateExpression: 'ADD epoch :one SET changedAtEpochMs = :now',
        ExpressionAttributeValues: { ':one': 1, ':now': this.clock.nowEpochMs() },
      }),
    );
  }

  /** A configuration write's outcome, with the epoch moved on when it was written. */
  async after(outcome: Promise<PlanOutcome>): Promise<PlanOutcome> {
    const written = await outcome;
    if (written.ok) await this.bump();
    return written;
  }

  async read(): Promise<ConfigEpochState> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: CONFIG_EPOCH_KEY, ConsistentRead: true }),
    );
    return {
      epoch: typeof Item?.epoch === 'number' ? Item.epoch : 0,
      changedAtEpochMs: typeof Item?.changedAtEpochMs === 'number' ? Item.changedAtEpochMs : 0,
    };
  }
}
