/**
 * The `config` table's entities that belong to an account: SIP devices, IP ACLs, caller IDs,
 * trunks and rate groups. One item per entity (`pk = <KIND>#<id>`, `sk = ITEM`) indexed by its
 * owner's path (`byPath`), one item per uniqueness claim (`pk = UNIQUE#<kind>#<value>`), and
 * every write in one transaction with its audit entries. Reads are consistent where the item is
 * read by key; listings come from the index (eventually consistent in AWS).
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../../core/audit/audit';
import { auditActions } from './audit-items';
import { ConfigEpoch } from './config-epoch';
import { decodePageCursor, encodePageCursor } from './page-cursor';
import { runPlan, type PlannedAction, type PlanOutcome } from './write-plan';

/** Items per index page when reading everything: DynamoDB answers at most 1 MB a page. */
const LIST_ALL_PAGE_ITEMS = 500;

/** `setting`: an operator-wide setting (id = its name, owned by the operator), e.g. `emergency`. */

export const ENTITY_KINDS = [
  'device',
  'ip_acl',
  'caller_id',
  'trunk',
  'rate_group',
  'setting',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface OwnedEntity<T> {
  readonly kind: EntityKind;
  readonly id: string;
  readonly accountId: string;
  /** The owner account's tenancy path: who may see the entity. */
  readonly path: string;
  readonly revision: number;
  readonly createdAtEpochMs: number;
  readonly updatedAtEpochMs: number;
  readonly data: T;
}

/** A value that must be unique across the deployment (a SIP user in its domain, a CIDR…). */
export interface UniqueClaim {
  readonly value: string;
  /** The request field that carries it, named by the 409 `duplicate_<field>`. */
  readonly field: string;
}

export interface EntityPage<T> {
  readonly items: readonly OwnedEntity<T>[];
  readonly nextCursor?: string;
}

const ITEM = 'ITEM';
const kindTag = (kind: EntityKind) => kind.toUpperCase();
const entityPk = (kind: EntityKind, id: string) => `${kindTag(kind)}#${id}`;
const claimPk = (kind: EntityKind, claim: UniqueClaim) => `UNIQUE#${kind}#${claim.value}`;

export class ConfigStore {
  /** Every write here changes what edge snapshots are built from. */
  private readonly epoch: ConfigEpoch;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {
    this.epoch = new ConfigEpoch(documents, tableName);
  }

  async get<T>(kind: EntityKind, id: string): Promise<OwnedEntity<T> | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: entityPk(kind, id), sk: ITEM },
        ConsistentRead: true,
      }),
    );
    return Item ? entityFromItem<T>(Item) : undefined;
  }

  /** Entities whose owner path starts with `pathPrefix` (a subtree, or `<path>#` for one account). */
  async list<T>(
    kind: EntityKind,
    pathPrefix: string,
    limit: number,
    cursor?: string,
  ): Promise<EntityPage<T>> {
    const start = cursor === undefined ? undefined : decodePageCursor(cursor);
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byPath',
        KeyConditionExpression: 'gpk = :kind AND begins_with(gsk, :prefix)',
        ExpressionAttributeValues: { ':kind': kindTag(kind), ':prefix': pathPrefix },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const items = (result.Items ?? []).map((item) => entityFromItem<T>(item));
    const nextCursor = encodePageCursor(result.LastEvaluatedKey);
    return nextCursor ? { items, nextCursor } : { items };
  }

  /**
   * Every entity of a kind under `pathPrefix`, page by page (a snapshot's or a rater's whole
   * view, not a client's listing: callers that answer a page use `list`).
   */
  async listAll<T>(kind: EntityKind, pathPrefix: string): Promise<OwnedEntity<T>[]> {
    const items: OwnedEntity<T>[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list<T>(kind, pathPrefix, LIST_ALL_PAGE_ITEMS, cursor);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return items;
  }

  create<T>(
    entity: OwnedEntity<T>,
    claims: readonly UniqueClaim[],
    audit: AuditEntry,
  ): Promise<PlanOutcome> {
    const written = runPlan(this.documents, [
      this.putEntity(entity, 'attribute_not_exists(pk)', {
        code: `${entity.kind}_exists`,
        field: 'id',
      }),
      ...claims.map((claim) => this.putClaim(entity, claim)),
      ...auditActions(this.tableName, audit),
    ]);
    return this.epoch.after(written);
  }

  /** Replaces `before` by `after` if nobody wrote in between; claims move in the same write. */
  update<T>(
    before: OwnedEntity<T>,
    after: OwnedEntity<T>,
    claims: { readonly added: readonly UniqueClaim[]; readonly removed: readonly UniqueClaim[] },
    audit: AuditEntry,
  ): Promise<PlanOutcome> {
    const written = runPlan(this.documents, [
      this.putEntity(
        after,
        'revision = :revision',
        { code: 'revision_conflict', field: null },
        before.revision,
      ),
      ...claims.added.map((claim) => this.putClaim(after, claim)),
      ...claims.removed.map((claim) => this.deleteClaim(after.kind, claim)),
      ...auditActions(this.tableName, audit),
    ]);
    return this.epoch.after(written);
  }

  remove<T>(
    before: OwnedEntity<T>,
    claims: readonly UniqueClaim[],
    audit: AuditEntry,
  ): Promise<PlanOutcome> {
    const written = runPlan(this.documents, [
      {
        action: {
          Delete: {
            TableName: this.tableName,
            Key: { pk: entityPk(before.kind, before.id), sk: ITEM },
            ConditionExpression: 'revision = :revision',
            ExpressionAttributeValues: { ':revision': before.revision },
          },
        },
        failure: { code: 'revision_conflict', field: null },
      },
      ...claims.map((claim) => this.deleteClaim(before.kind, claim)),
      ...auditActions(this.tableName, audit),
    ]);
    return this.epoch.after(written);
  }

  private putEntity<T>(
    entity: OwnedEntity<T>,
    condition: string,
    failure: { code: string; field: string | null },
    revision?: number,
  ): PlannedAction {
    return {
      action: {
        Put: {
          TableName: this.tableName,
          Item: {
            pk: entityPk(entity.kind, entity.id),
            sk: ITEM,
            gpk: kindTag(entity.kind),
            gsk: `${entity.path}#${entity.id}`,
            ...entity,
          },
          ConditionExpression: condition,
          ...(revision !== undefined
            ? { ExpressionAttributeValues: { ':revision': revision } }
            : {}),
        },
      },
      failure,
    };
  }

  private putClaim<T>(entity: OwnedEntity<T>, claim: UniqueClaim): PlannedAction {
    return {
      action: {
        Put: {
          TableName: this.tableName,
          Item: {
            pk: claimPk(entity.kind, claim),
            sk: ITEM,
            id: entity.id,
            accountId: entity.accountId,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      failure: { code: `duplicate_${snake(claim.field)}`, field: claim.field },
    };
  }

  private deleteClaim(kind: EntityKind, claim: UniqueClaim): PlannedAction {
    return {
      action: {
        Delete: { TableName: this.tableName, Key: { pk: claimPk(kind, claim), sk: ITEM } },
      },
    };
  }
}

/** `callerIdNumber` → `caller_id_number`; a list index (`realms.1`) is left out of the code. */
function snake(field: string): string {
  return field
    .replace(/\.\d+/g, '')
    .replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`).replace(/\W/g, '_');
}

function entityFromItem<T>(item: Record<string, unknown>): OwnedEntity<T> {
  const { pk: _pk, sk: _sk, gpk: _gpk, gsk: _gsk, ...entity } = item;
  return entity as unknown as OwnedEntity<T>;
}
