/**
 * The ledger's vocabulary. A posting is an immutable, signed change of one account's balance;
 * corrections are new postings (reversals), never edits.
 *
 * Sign convention (the only place it is stated): a positive `amountMicros` credits the account
 * (money the account holder may spend: refills, payments, refunds), a negative one debits it
 * (calls, charges, invoices). `balanceMicros` is therefore the holder's money: a prepaid
 * account normally stays ≥ 0, a postpaid account may go down to −creditLimitMicros.
 */
import type { Micros } from '../money/micros';

export const POSTING_KINDS = [
  'cdr',
  'refill',
  'charge',
  'payment',
  'refund',
  'invoice',
  'adjustment',
  'transfer',
  'lease',
] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];

/** What a caller asks for; stored verbatim as the canonical input that replays compare to. */
export interface PostingInput {
  readonly accountId: string;
  readonly amountMicros: Micros;
  readonly kind: PostingKind;
  /** Unique per account: a CDR uuid, a PayPal txn id, an invoice id, a client's header. */
  readonly idempotencyKey: string;
  /** Free text a person reads (e.g. `paypal:9XK…`, `transfer from c1`); may be empty. */
  readonly reference: string;
  /** Who caused it: `user:admin`, `edge:fs1`, `system:rate-cdrs`. */
  readonly actor: string;
}

export interface Posting extends PostingInput {
  readonly createdAtEpochMs: number;
}

/** The fields a replay must match, in the order a difference is reported. */
export const CANONICAL_FIELDS = ['amountMicros', 'kind', 'reference', 'actor'] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** Whether a debit may take the account below its floor (see `available.ts`). */
export type FloorPolicy = 'must_not_overdraw' | 'may_overdraw';
