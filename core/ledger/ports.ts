/**
 * The ledger's ports. The DynamoDB adapter lives in `functions/shared/`; tests may use others.
 */
import type { BalanceState } from './available';
import type { LedgerWrite } from './plan';
import type { Posting } from './posting';

/** What one attempt at a write came to; the service decides what each means. */
export type ApplyOutcome =
  | { readonly status: 'written'; readonly writeUnits: number }
  /**
   * The transaction was cancelled by conditions. `existing` holds the stored postings whose
   * keys already existed; `missingAccounts` and `insufficientAccounts` the balance items that
   * failed their condition.
   */
  | {
      readonly status: 'cancelled';
      readonly existing: readonly Posting[];
      readonly missingAccounts: readonly string[];
      readonly insufficientAccounts: readonly string[];
    }
  /** Another transaction touched the same items at the same time: worth retrying. */
  | { readonly status: 'conflict' };

export interface PostingPage {
  readonly postings: readonly Posting[];
  /** Opaque; absent on the last page. */
  readonly nextCursor?: string;
}

export interface LedgerRepository {
  apply(write: LedgerWrite): Promise<ApplyOutcome>;
  getBalance(accountId: string): Promise<BalanceState | undefined>;
  /** Newest first. */
  listPostings(accountId: string, limit: number, cursor?: string): Promise<PostingPage>;
}

export interface Clock {
  nowEpochMs(): number;
}

/** Waiting and jitter are injected so the service stays deterministic under test. */
export interface Backoff {
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1). */
  random(): number;
}
