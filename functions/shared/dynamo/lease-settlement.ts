/**
 * Settling rated CDRs against their leases, in the same transaction as the batch's postings
 * (`functions/rate-cdrs/post-totals.ts` cuts the batch into such chunks): per level the balance
 * drops by the charge (the postings) and the reservation by what the lease still held
 * (`core/leases/settle.ts`); each lease item is replaced under a condition on the version read
 * (another writer in between: read again, decide again); a lease that completes its close
 * returns its unused part in the same write. A CDR naming a lease this account never had is
 * charged and counted on a `LATE#<leaseId>` item (the late-settlements report). A marker item
 * per chunk (`SETTLED#<batchId>` / chunk index) makes a redelivered chunk a replay even when
 * its CDRs charged nothing (unanswered calls still count toward a close).
 */
import {
  closedIfComplete,
  mergeDeltas,
  settleOnLease,
  type Lease,
  type LeaseCharge,
  type LevelDelta,
} from '../../../core/leases';
import {
  standardWriteUnits,
  transactionalWriteUnits,
  type ItemMap,
} from '../../../core/ledger/item-size';
import { planWrite } from '../../../core/ledger/plan';
import type { PostingInput } from '../../../core/ledger/posting';
import { leaseReplace } from './lease-actions';
import { lateKey } from './lease-items';
import type { LeaseStore } from './lease-store';
import {
  LEASE_CHANGE_ATTEMPTS,
  runLeaseWrite,
  type FailedAction,
  type LeaseAction,
} from './lease-transaction';

export interface LeaseCalls {
  /** The customer whose account holds the lease. */
  readonly accountId: string;
  readonly leaseId: string;
  /** Each CDR's level charges, in the batch's order. */
  readonly calls: readonly (readonly LeaseCharge[])[];
}

export interface SettlementChunk {
  readonly batchId: string;
  readonly chunkIndex: number;
  readonly postings: readonly PostingInput[];
  readonly leases: readonly LeaseCalls[];
}

export async function settleChunk(
  store: LeaseStore,
  chunk: SettlementChunk,
): Promise<{ readonly writeUnits: number; readonly replayed: boolean }> {
  const { documents, ledgerTable, backoff, clock } = store.deps;
  for (let attempt = 1; attempt <= LEASE_CHANGE_ATTEMPTS; attempt += 1) {
    const now = clock.nowEpochMs();
    const stored = await Promise.all(chunk.leases.map((l) => store.get(l.accountId, l.leaseId)));
    const reserved: LevelDelta[] = [];
    const actions: LeaseAction[] = [marker(ledgerTable, chunk)];
    chunk.leases.forEach((calls, index) => {
      const lease = stored[index];
      if (!lease) return actions.push(lateUnknown(ledgerTable, calls, now));
      const settled = settleCalls(lease, calls.calls);
      reserved.push(...settled.deltas);
      actions.push(leaseReplace(ledgerTable, lease, settled.lease));
    });
    const reservations = mergeDeltas(reserved)
      .filter((delta) => delta.reservedMicros !== 0)
      .map((d) => ({
        accountId: d.accountId,
        reservedDeltaMicros: d.reservedMicros,
        requiredAvailableMicros: 0,
      }));
    const write = planWrite(chunk.postings, {
      floor: 'may_overdraw',
      createdAtEpochMs: now,
      reservations,
    });
    const outcome = await runLeaseWrite(documents, ledgerTable, write, actions, backoff);
    if (outcome.status === 'written') {
      return { writeUnits: outcome.writeUnits + leaseWriteUnits(actions), replayed: false };
    }
    if (isReplay(outcome.failed, chunk.postings)) return { writeUnits: 0, replayed: true };
    if (!outcome.failed.some((f) => f.kind === 'lease')) {
      throw new Error(`settlement ${chunk.batchId}: ${outcome.failed.map(describe).join(', ')}`);
    }
    await backoff.sleep(Math.floor(backoff.random() * 10 * attempt));
  }
  throw new Error(`settlement ${chunk.batchId}: its leases kept changing`);
}

/**
 * Every CDR of the lease in order. A charge the lease cannot cover (an edge that did not hold
 * the call's cost) is still posted; the lease counts it as late and keeps its reservation.
 */
function settleCalls(lease: Lease, calls: LeaseCalls['calls']): { lease: Lease; deltas: LevelDelta[] } {
  let current = lease;
  const deltas: LevelDelta[] = [];
  for (const charges of calls) {
    const outcome = settleOnLease(current, charges);
    if (outcome.ok) {
      current = outcome.lease;
      deltas.push(...outcome.deltas);
      continue;
    }
    const counted: Lease = {
      ...current,
      settledCalls: current.settledCalls + 1,
      lateSettlements: current.lateSettlements + 1,
      version: current.version + 1,
    };
    const completed = closedIfComplete(counted);
    current = completed?.lease ?? counted;
    deltas.push(...(completed?.deltas ?? []));
  }
  return { lease: current, deltas };
}

/**
 * The lease part as AWS bills it: each item 2× in the transaction (`core/ledger/item-size.ts`),
 * plus one index write for a lease item that stays in `openLeases` (leaving it costs one more).
 */
function leaseWriteUnits(actions: readonly LeaseAction[]): number {
  let units = 0;
  for (const { action } of actions) {
    const item = (action.Put?.Item ?? action.Update?.ExpressionAttributeValues ?? {}) as ItemMap;
    units += transactionalWriteUnits(item);
    if (action.Put?.Item?.openEdge !== undefined) units += standardWriteUnits(item);
  }
  return units;
}

function marker(tableName: string, chunk: SettlementChunk): LeaseAction {
  const Item = { pk: `SETTLED#${chunk.batchId}`, sk: String(chunk.chunkIndex), leases: chunk.leases.length };
  return {
    kind: 'settled',
    action: { Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } },
  };
}

function lateUnknown(tableName: string, calls: LeaseCalls, nowEpochMs: number): LeaseAction {
  const customer = calls.calls.flat().filter((c) => c.accountId === calls.accountId);
  return {
    kind: 'late',
    action: {
      Update: {
        TableName: tableName,
        Key: lateKey(calls.accountId, calls.leaseId),
        UpdateExpression:
          'SET accountId = :account, leaseId = :lease, lastAtEpochMs = :now ' +
          'ADD calls :calls, chargedMicros :charged',
        ExpressionAttributeValues: {
          ':account': calls.accountId,
          ':lease': calls.leaseId,
          ':now': nowEpochMs,
          ':calls': calls.calls.length,
          ':charged': customer.reduce((sum, c) => sum + c.chargeMicros, 0),
        },
      },
    },
  };
}

/**
 * The chunk was written by an earlier delivery: its marker or its postings exist. A posting
 * that exists with another amount is a broken promise of the batch (same CDRs, same sums).
 */
function isReplay(failed: readonly FailedAction[], postings: readonly PostingInput[]): boolean {
  let replay = false;
  for (const failure of failed) {
    if (failure.kind === 'settled') replay = true;
    if (failure.kind !== 'posting' || !failure.item) continue;
    const key = failure.item.idempotencyKey;
    const mine = postings.find((p) => p.idempotencyKey === key && p.accountId === failure.accountId);
    if (mine && mine.amountMicros !== Number(failure.item.amountMicros)) {
      const { idempotencyKey, accountId } = mine;
      throw new Error(`settlement: ${idempotencyKey} exists for ${accountId} with another amount`);
    }
    replay = true;
  }
  return replay;
}

function describe(failure: FailedAction): string {
  return 'accountId' in failure ? `${failure.kind} ${failure.accountId}` : failure.kind;
}
