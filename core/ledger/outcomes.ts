/**
 * Expected outcomes of a ledger write, as sentence-named codes (lower snake_case on the wire).
 * Broken invariants are not here: they throw.
 */
import type { CanonicalField, Posting } from './posting';

export type LedgerRejection =
  | { readonly ok: false; readonly code: 'insufficient_funds'; readonly accountId: string }
  /** A credit would carry the balance or available funds past 2^53 − 1 micros (not exact). */
  | { readonly ok: false; readonly code: 'balance_out_of_range'; readonly accountId: string }
  | { readonly ok: false; readonly code: 'account_not_found'; readonly accountId: string }
  | {
      readonly ok: false;
      readonly code: `posting_exists_with_different_${SnakeField}`;
      readonly accountId: string;
      readonly idempotencyKey: string;
      readonly field: CanonicalField;
      /** The stored reference, so a caller that composed it can name its own input field. */
      readonly storedReference: string;
    }
  | { readonly ok: false; readonly code: 'too_many_actions'; readonly actions: number }
  | {
      readonly ok: false;
      readonly code: 'invalid_posting';
      readonly field: string;
      readonly message: string;
    }
  /** Worth retrying: other writers kept winning the balance item. */
  | { readonly ok: false; readonly code: 'transaction_conflict' };

export type SnakeField = 'amount' | 'kind' | 'reference' | 'actor';

export const SNAKE_FIELD: Readonly<Record<CanonicalField, SnakeField>> = {
  amountMicros: 'amount',
  kind: 'kind',
  reference: 'reference',
  actor: 'actor',
};

export interface LedgerAccepted {
  readonly ok: true;
  /** The postings as first written (a full replay returns the stored ones, unchanged). */
  readonly postings: readonly Posting[];
  /** True when every posting already existed with the same content: nothing was written. */
  readonly replayed: boolean;
  /** Write units as AWS bills the operations issued (see `write-units.ts`), 0 for a replay. */
  readonly writeUnits: number;
}

export type LedgerResult = LedgerAccepted | LedgerRejection;

/** Codes a caller may retry unchanged and expect a different answer. */
export function isRetryable(result: LedgerResult): boolean {
  return !result.ok && result.code === 'transaction_conflict';
}
