/**
 * How ledger facts are laid out as DynamoDB items (see `tables.ts` for the key design), and the
 * write units each item costs as AWS bills it.
 */
import {
  availableMicros,
  type BalanceState,
  type BillingMode,
} from '../../../core/ledger/available';
import {
  standardWriteUnits,
  transactionalWriteUnits,
  type ItemMap,
} from '../../../core/ledger/item-size';
import type { Posting, PostingKind } from '../../../core/ledger/posting';
import { micros } from '../../../core/money/micros';

export const BALANCE_SK = 'BALANCE';
const POSTING_PREFIX = 'POSTING#';
/** 15 digits of epoch milliseconds sort correctly until the year 33658. */
const TIME_DIGITS = 15;

export function accountPk(accountId: string): string {
  return `ACCOUNT#${accountId}`;
}

export function postingSk(idempotencyKey: string): string {
  return `${POSTING_PREFIX}${idempotencyKey}`;
}

export function postedAt(posting: Posting): string {
  return `${String(posting.createdAtEpochMs).padStart(TIME_DIGITS, '0')}#${posting.idempotencyKey}`;
}

export function postingItem(posting: Posting): Record<string, string | number> {
  return {
    pk: accountPk(posting.accountId),
    sk: postingSk(posting.idempotencyKey),
    postedAt: postedAt(posting),
    accountId: posting.accountId,
    amountMicros: posting.amountMicros,
    kind: posting.kind,
    idempotencyKey: posting.idempotencyKey,
    reference: posting.reference,
    actor: posting.actor,
    createdAtEpochMs: posting.createdAtEpochMs,
  };
}

export function postingFromItem(item: Record<string, unknown>): Posting {
  return {
    accountId: String(item.accountId),
    amountMicros: micros(Number(item.amountMicros)),
    kind: String(item.kind) as PostingKind,
    idempotencyKey: String(item.idempotencyKey),
    reference: String(item.reference ?? ''),
    actor: String(item.actor),
    createdAtEpochMs: Number(item.createdAtEpochMs),
  };
}

export interface OpenBalance {
  readonly accountId: string;
  readonly currency: string;
  readonly mode: BillingMode;
  readonly creditLimitMicros: number;
}

export function balanceItem(
  open: OpenBalance,
  nowEpochMs: number,
): Record<string, string | number> {
  const base = {
    mode: open.mode,
    balanceMicros: 0,
    creditLimitMicros: open.creditLimitMicros,
    reservedMicros: 0,
  };
  return {
    pk: accountPk(open.accountId),
    sk: BALANCE_SK,
    accountId: open.accountId,
    currency: open.currency,
    ...base,
    availableMicros: availableMicros(base),
    version: 0,
    updatedAtEpochMs: nowEpochMs,
  };
}

export function balanceFromItem(item: Record<string, unknown>): BalanceState {
  return {
    accountId: String(item.accountId),
    currency: String(item.currency),
    mode: item.mode === 'postpaid' ? 'postpaid' : 'prepaid',
    balanceMicros: micros(Number(item.balanceMicros)),
    creditLimitMicros: micros(Number(item.creditLimitMicros)),
    reservedMicros: micros(Number(item.reservedMicros)),
    availableMicros: micros(Number(item.availableMicros)),
    version: Number(item.version),
  };
}

/**
 * A balance item with 16-digit amounts: the size a balance update is billed at (UpdateItem is
 * billed on the larger of the item before and after; both are this shape).
 */
const TYPICAL_BALANCE: ItemMap = {
  ...balanceItem(
    { accountId: 'x'.repeat(24), currency: 'USD', mode: 'postpaid', creditLimitMicros: 1e15 },
    1e12,
  ),
  balanceMicros: 1e15 + 1,
  availableMicros: 1e15 + 1,
};

/** Transactional (2×) units of the posting item, plus one standard write into `byTime`. */
export function postingWriteUnits(posting: Posting): number {
  const item = postingItem(posting);
  return transactionalWriteUnits(item) + standardWriteUnits(item);
}

export function balanceUpdateWriteUnits(): number {
  return transactionalWriteUnits(TYPICAL_BALANCE);
}
