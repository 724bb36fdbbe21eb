/**
 * One lease change = one TransactWriteItems: the ledger's part (balance updates moving balance
 * and reserved, postings) and the lease's part (the lease item under a condition on its
 * version or absence, the lease-id claim, the sweeper's queue, audit entries). Conflicts with
 * other transactions are retried with jitter; failed conditions come back as a list naming each
 * failed action and its stored item, for the store to interpret (replay, insufficient funds,
 * a lease that changed meanwhile).
 */
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { CONFLICT_BACKOFF_CAP_MS, MAX_CONFLICT_ATTEMPTS } from '../../../core/ledger/limits';
import type { LedgerWrite } from '../../../core/ledger/plan';
import { backoffMs } from '../../../core/ledger/service';
import type { Backoff } from '../../../core/ledger/ports';
import { ledgerActions, type TransactItem } from './ledger-actions';

/**
 * A lease changed between our read and our write (another settlement, a top-up, a close): read
 * again and decide again, this many times. Each round one of the racing writers wins, so this
 * bounds the writers one lease may have at once (a few rater messages and the edge's commands).
 */
export const LEASE_CHANGE_ATTEMPTS = 16;

/** What an action of the lease's part is, to read its failed condition. */
export type LeaseActionKind = 'lease' | 'lease_id' | 'abandoned' | 'late' | 'settled' | 'audit';

export interface LeaseAction {
  readonly kind: LeaseActionKind;
  readonly action: TransactItem;
}

export type FailedAction =
  | { readonly kind: 'balance' | 'posting'; readonly accountId: string; readonly item?: Stored }
  | { readonly kind: LeaseActionKind; readonly item?: Stored };
type Stored = Record<string, unknown>;

export type LeaseWriteOutcome =
  | { readonly status: 'written'; readonly writeUnits: number }
  | { readonly status: 'cancelled'; readonly failed: readonly FailedAction[] };

interface Reason {
  readonly Code?: string;
  readonly Item?: Record<string, AttributeValue>;
}

export async function runLeaseWrite(
  documents: DynamoDBDocumentClient,
  ledgerTable: string,
  write: LedgerWrite,
  extras: readonly LeaseAction[],
  backoff: Backoff,
): Promise<LeaseWriteOutcome> {
  const ledger = ledgerActions(ledgerTable, write);
  const items = [...ledger.items, ...extras.map((extra) => extra.action)];
  if (items.length > 100) throw new Error(`lease write: ${items.length} actions (limit 100)`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await documents.send(new TransactWriteCommand({ TransactItems: items }));
      return { status: 'written', writeUnits: ledger.writeUnits };
    } catch (error) {
      const reasons = cancellationReasons(error);
      const failed = reasons.flatMap((reason, index) =>
        reason.Code === 'ConditionalCheckFailed' ? [failure(index, reason, ledger, extras)] : [],
      );
      if (failed.length > 0) return { status: 'cancelled', failed };
      if (attempt >= MAX_CONFLICT_ATTEMPTS) throw new Error('lease write: transaction_conflict');
      await backoff.sleep(Math.min(CONFLICT_BACKOFF_CAP_MS, backoffMs(attempt, backoff.random())));
    }
  }
}

/** The reasons of a cancelled transaction; [] for a conflict; anything else is rethrown. */
function cancellationReasons(error: unknown): readonly Reason[] {
  const name = (error as { name?: string }).name;
  if (name === 'TransactionConflictException') return [];
  if (name !== 'TransactionCanceledException') throw error;
  const reasons = (error as { CancellationReasons?: Reason[] }).CancellationReasons ?? [];
  const known = ['None', 'ConditionalCheckFailed', 'TransactionConflict', undefined];
  if (reasons.some((reason) => !known.includes(reason.Code))) throw error;
  return reasons;
}

function failure(
  index: number,
  reason: Reason,
  ledger: ReturnType<typeof ledgerActions>,
  extras: readonly LeaseAction[],
): FailedAction {
  const item = reason.Item ? unmarshall(reason.Item) : undefined;
  const owner = ledger.owners[index];
  if (owner) return { kind: owner.type, accountId: owner.accountId, ...(item ? { item } : {}) };
  const extra = extras[index - ledger.owners.length];
  if (!extra) throw new Error(`lease write: action ${index} failed and has no owner`);
  return { kind: extra.kind, ...(item ? { item } : {}) };
}
