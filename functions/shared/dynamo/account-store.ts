/**
 * Account profiles in the `directory` table (the item the guard reads: `pk = ACCOUNT#<id>`,
 * `sk = PROFILE`, indexed by tenancy path in `byPath`), the unique account number
 * (`pk = ACCOUNTNUMBER#<n>`), the ledger's balance item and the audit entries — each write one
 * transaction across the three tables, so an account never exists without its balance, a
 * number is never claimed twice, and no change goes unaudited.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountProfile } from '../../../core/accounts/account';
import type { AuditEntry } from '../../../core/audit/audit';
import type { TableNames } from '../tables';
import { auditActions } from './audit-items';
import { ConfigEpoch } from './config-epoch';
import { accountPk, balanceItem, BALANCE_SK } from './ledger-items';
import { decodePageCursor, encodePageCursor } from './page-cursor';
import { runPlan, type PlannedAction, type PlanOutcome } from './write-plan';

const PROFILE = 'PROFILE';
const numberPk = (number: string) => `ACCOUNTNUMBER#${number}`;

export interface AccountPage {
  readonly accounts: readonly AccountProfile[];
  readonly nextCursor?: string;
}

export class AccountStore {
  /** Profiles are what edge snapshots price and limit calls by. */
  private readonly epoch: ConfigEpoch;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly names: Pick<TableNames, 'directory' | 'ledger' | 'config'>,
  ) {
    this.epoch = new ConfigEpoch(documents, names.config);
  }

  async get(accountId: string): Promise<AccountProfile | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.names.directory,
        Key: { pk: accountPk(accountId), sk: PROFILE },
        ConsistentRead: true,
      }),
    );
    return Item ? profileFromItem(Item) : undefined;
  }

  /** Accounts whose path starts with `pathPrefix`, in path order (parents before children). */
  async list(pathPrefix: string, limit: number, cursor?: string): Promise<AccountPage> {
    const start = cursor === undefined ? undefined : decodePageCursor(cursor);
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.names.directory,
        IndexName: 'byPath',
        KeyConditionExpression: 'gpk = :kind AND begins_with(gsk, :prefix)',
        ExpressionAttributeValues: { ':kind': 'ACCOUNT', ':prefix': pathPrefix },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const accounts = (result.Items ?? []).map(profileFromItem);
    const nextCursor = encodePageCursor(result.LastEvaluatedKey);
    return nextCursor ? { accounts, nextCursor } : { accounts };
  }

  create(profile: AccountProfile, audit: AuditEntry): Promise<PlanOutcome> {
    const written = runPlan(this.documents, [
      this.putProfile(profile, 'attribute_not_exists(pk)', 'account_exists', 'accountId'),
      this.claimNumber(profile),
      {
        action: {
          Put: {
            TableName: this.names.ledger,
            Item: balanceItem(profile, profile.createdAtEpochMs),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        failure: { code: 'account_exists', field: 'accountId' },
      },
      ...auditActions(this.names.config, audit),
    ]);
    return this.epoch.after(written);
  }

  /**
   * Replaces the profile if nobody wrote in between. A new number moves its claim; a new
   * credit limit or billing mode moves the balance item's limit and available funds by the
   * same delta, in the same transaction (the ledger's invariant: available = balance + limit
   * − reserved, for postpaid).
   */
  update(before: AccountProfile, after: AccountProfile, audit: AuditEntry): Promise<PlanOutcome> {
    const plan: PlannedAction[] = [
      this.putProfile(after, 'revision = :revision', 'revision_conflict', null, before.revision),
    ];
    if (after.number !== before.number) {
      plan.push(this.claimNumber(after), this.releaseNumber(before.number));
    }
    const limitDelta = effectiveLimit(after) - effectiveLimit(before);
    if (
      limitDelta !== 0 ||
      after.mode !== before.mode ||
      after.creditLimitMicros !== before.creditLimitMicros
    ) {
      plan.push(this.moveLimit(before, after, limitDelta));
    }
    plan.push(...auditActions(this.names.config, audit));
    return this.epoch.after(runPlan(this.documents, plan));
  }

  private putProfile(
    profile: AccountProfile,
    condition: string,
    code: string,
    field: string | null,
    revision?: number,
  ): PlannedAction {
    return {
      action: {
        Put: {
          TableName: this.names.directory,
          Item: {
            pk: accountPk(profile.accountId),
            sk: PROFILE,
            gpk: 'ACCOUNT',
            gsk: profile.path,
            ...profile,
          },
          ConditionExpression: condition,
          ...(revision !== undefined
            ? { ExpressionAttributeValues: { ':revision': revision } }
            : {}),
        },
      },
      failure: { code, field },
    };
  }

  private claimNumber(profile: AccountProfile): PlannedAction {
    return {
      action: {
        Put: {
          TableName: this.names.directory,
          Item: { pk: numberPk(profile.number), sk: PROFILE, accountId: profile.accountId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      failure: { code: 'duplicate_account_number', field: 'number' },
    };
  }

  private releaseNumber(number: string): PlannedAction {
    return {
      action: {
        Delete: { TableName: this.names.directory, Key: { pk: numberPk(number), sk: PROFILE } },
      },
    };
  }

  private moveLimit(before: AccountProfile, after: AccountProfile, delta: number): PlannedAction {
    return {
      action: {
        Update: {
          TableName: this.names.ledger,
          Key: { pk: accountPk(after.accountId), sk: BALANCE_SK },
          UpdateExpression:
            'SET creditLimitMicros = :limit, #mode = :mode, availableMicros = availableMicros + :delta, ' +
            'version = version + :one, updatedAtEpochMs = :now',
          // The stored limit and mode must still be the ones the delta was computed from.
          ConditionExpression: 'creditLimitMicros = :oldLimit AND #mode = :oldMode',
          ExpressionAttributeNames: { '#mode': 'mode' },
          ExpressionAttributeValues: {
            ':limit': after.creditLimitMicros,
            ':mode': after.mode,
            ':delta': delta,
            ':one': 1,
            ':now': after.updatedAtEpochMs,
            ':oldLimit': before.creditLimitMicros,
            ':oldMode': before.mode,
          },
        },
      },
      failure: { code: 'revision_conflict', field: null },
    };
  }
}

function effectiveLimit(profile: Pick<AccountProfile, 'mode' | 'creditLimitMicros'>): number {
  return profile.mode === 'postpaid' ? profile.creditLimitMicros : 0;
}

function profileFromItem(item: Record<string, unknown>): AccountProfile {
  const { pk: _pk, sk: _sk, gpk: _gpk, gsk: _gsk, ...profile } = item;
  return profile as unknown as AccountProfile;
}
