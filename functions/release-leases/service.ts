/**
 * The lease sweeper: releases abandoned leases whose money may come back — drained (the edge
 * shipped every CDR of the lease) and past expiry + the account's max call length +
 * SETTLE_GRACE_MS (`core/leases/transitions.ts` decides; this only finds candidates). The
 * queue `LEASES#ABANDONED` holds drained abandoned leases sorted by expiry, so only those that
 * expired at least SETTLE_GRACE_MS ago are read; one still within its account's max call
 * length stays queued for a later run.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SETTLE_GRACE_MS } from '../../core/leases';
import { ABANDONED_PK } from '../shared/dynamo/lease-items';
import type { LeaseStore } from '../shared/dynamo/lease-store';

/** Leases looked at per run: a scheduled run every 5 minutes catches up on a backlog quickly. */
export const RELEASE_BATCH = 500;
const TIME_DIGITS = 15;

export interface ReleaseReport {
  readonly examined: number;
  readonly released: number;
  /** Queued but not releasable yet (within the account's max call length). */
  readonly waiting: number;
}

export async function releaseDueLeases(store: LeaseStore, limit = RELEASE_BATCH): Promise<ReleaseReport> {
  const due = await dueCandidates(store, limit);
  let released = 0;
  let waiting = 0;
  for (const { accountId, leaseId } of due) {
    const result = await store.release(accountId, leaseId);
    if (result.ok && !result.replayed) released += 1;
    else if (!result.ok && result.code === 'not_releasable') waiting += 1;
  }
  return { examined: due.length, released, waiting };
}

/** Every queued lease that expired SETTLE_GRACE_MS ago or earlier, up to `limit`. */
async function dueCandidates(store: LeaseStore, limit: number) {
  const { documents, ledgerTable, clock } = store.deps;
  const expiredBefore = clock.nowEpochMs() - SETTLE_GRACE_MS;
  const bound = `${String(Math.max(0, expiredBefore)).padStart(TIME_DIGITS, '0')}#\uffff`;
  const due: { accountId: string; leaseId: string }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: ledgerTable,
        KeyConditionExpression: 'pk = :queue AND sk <= :bound',
        ExpressionAttributeValues: { ':queue': ABANDONED_PK, ':bound': bound },
        Limit: limit - due.length,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? [])
      due.push({ accountId: String(item.accountId), leaseId: String(item.leaseId) });
    start = page.LastEvaluatedKey;
  } while (start !== undefined && due.length < limit);
  return due;
}
