/**
 * The lease's part of a lease transaction (`lease-transaction.ts`): what a grant claims and
 * puts, what a transition replaces (conditioned on the version it read), the sweeper's queue
 * entry that abandon adds and release or write-off removes, and a write-off's audit entries.
 */
import { HOLDING_STATES, type Lease } from '../../../core/leases';
import type { LeaseAction } from './lease-transaction';
import { auditActions } from './audit-items';
import type { AccountStore } from './account-store';
import { abandonedKey, leaseIdKey, leaseItem } from './lease-items';

export interface WriteOffAudit {
  readonly reason: string;
  readonly actor: string;
  /** The request id: one write-off request is one audit entry. */
  readonly auditId: string;
}

interface Tables {
  readonly ledgerTable: string;
  readonly configTable: string;
  readonly accounts: AccountStore;
}

/** The id's claim (unique across accounts) and the lease, both only if new. */
export function grantActions(tables: Tables, lease: Lease): LeaseAction[] {
  const { leaseId, accountId, edgeId } = lease;
  const claim = { ...leaseIdKey(leaseId), leaseId, accountId, edgeId };
  const put = (kind: LeaseAction['kind'], item: Record<string, unknown>): LeaseAction => ({
    kind,
    action: {
      Put: {
        TableName: tables.ledgerTable,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  });
  return [put('lease_id', claim), put('lease', leaseItem(lease))];
}

/** The lease replaced if still at the version read; replacing drops `openEdge` when it stops. */
export function leaseReplace(tableName: string, before: Lease, after: Lease): LeaseAction {
  return {
    kind: 'lease',
    action: {
      Put: {
        TableName: tableName,
        Item: leaseItem(after),
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': before.version },
      },
    },
  };
}

export async function transitionActions(
  tables: Tables,
  before: Lease,
  after: Lease,
  nowEpochMs: number,
  audit?: WriteOffAudit,
): Promise<LeaseAction[]> {
  const actions = [leaseReplace(tables.ledgerTable, before, after), ...sweepQueue(tables, before, after)];
  if (!audit) return actions;
  const profile = await tables.accounts.get(after.accountId);
  if (!profile) throw new Error(`lease ${after.leaseId}: account ${after.accountId} is gone`);
  const entry = {
    auditId: audit.auditId,
    atEpochMs: nowEpochMs,
    actor: audit.actor,
    action: 'update' as const,
    entity: 'lease',
    entityId: after.leaseId,
    accountId: after.accountId,
    path: profile.path,
    before: { ...before },
    after: { ...after },
  };
  const entries = auditActions(tables.configTable, entry);
  return [...actions, ...entries.map((planned) => ({ kind: 'audit' as const, action: planned.action }))];
}

/**
 * The sweeper's queue holds abandoned leases the edge confirmed drained (the others cannot be
 * released, so they never stand in its way); leaving `abandoned` takes a lease off the queue.
 */
const queued = (lease: Lease) => lease.state === 'abandoned' && lease.drained;

function sweepQueue(tables: Tables, before: Lease, after: Lease): LeaseAction[] {
  const wasQueued = queued(before);
  const isQueued = queued(after);
  if (wasQueued === isQueued) return [];
  const Key = abandonedKey(after);
  const action: LeaseAction['action'] = isQueued
    ? {
        Put: {
          TableName: tables.ledgerTable,
          Item: { ...Key, leaseId: after.leaseId, accountId: after.accountId },
        },
      }
    : { Delete: { TableName: tables.ledgerTable, Key } };
  return [{ kind: 'abandoned', action }];
}

export const isHolding = (lease: Lease) => HOLDING_STATES.includes(lease.state);
