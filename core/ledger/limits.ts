/**
 * Named limits of the ledger, each with its reason. Tests hit every one of them.
 */

/**
 * DynamoDB's TransactWriteItems accepts at most 100 actions. A ledger write spends one action
 * per posting, one per balance item it moves, and one per other item the same change touches
 * (e.g. a lease, issue 10) — so one account's batch holds at most 99 postings.
 */
export const MAX_ACTIONS_PER_TRANSACTION = 100;

/** Idempotency keys are stored in the item's sort key; 128 characters keep items small. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:@\/-]+$/;

/** References are for people; 200 characters keep a posting well under 1 KB (one write unit). */
export const MAX_REFERENCE_LENGTH = 200;
export const MAX_ACTOR_LENGTH = 100;

/**
 * Transaction conflicts (two writers on one balance item) are retried this many times with
 * capped, jittered backoff before the caller gets `transaction_conflict` (worth retrying).
 */
export const MAX_CONFLICT_ATTEMPTS = 8;
export const CONFLICT_BACKOFF_BASE_MS = 5;
export const CONFLICT_BACKOFF_CAP_MS = 200;
