/**
 * Reads a cancelled TransactWriteItems: which balance items failed their condition (missing or
 * short of funds), which postings already existed (with their stored content), or whether the
 * transaction only lost a race (TransactionConflict: worth retrying).
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ApplyOutcome } from '../../../core/ledger/ports';
import type { Posting } from '../../../core/ledger/posting';
import { postingFromItem } from './ledger-items';

export interface ActionOwner {
  readonly type: 'balance' | 'posting';
  readonly accountId: string;
}

interface CancellationReason {
  readonly Code?: string;
  readonly Item?: Record<string, AttributeValue>;
}

export function readCancellation(error: unknown, owners: readonly ActionOwner[]): ApplyOutcome {
  const name = (error as { name?: string }).name;
  if (name === 'TransactionConflictException') return { status: 'conflict' };
  if (name !== 'TransactionCanceledException') throw error;
  const reasons =
    (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  const existing: Posting[] = [];
  const missingAccounts: string[] = [];
  const insufficientAccounts: string[] = [];
  let conflict = false;
  reasons.forEach((reason, index) => {
    const owner = owners[index];
    if (!owner || reason.Code === 'None' || reason.Code === undefined) return;
    if (reason.Code === 'TransactionConflict') conflict = true;
    if (reason.Code !== 'ConditionalCheckFailed') return;
    if (owner.type === 'posting') {
      if (!reason.Item) throw new Error('ledger: a posting condition failed without its old item');
      existing.push(postingFromItem(unmarshall(reason.Item)));
    } else if (reason.Item) {
      insufficientAccounts.push(owner.accountId);
    } else {
      missingAccounts.push(owner.accountId);
    }
  });
  const failed = existing.length + missingAccounts.length + insufficientAccounts.length;
  if (failed === 0 && conflict) return { status: 'conflict' };
  if (failed === 0) throw error;
  return { status: 'cancelled', existing, missingAccounts, insufficientAccounts };
}
