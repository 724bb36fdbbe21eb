/**
 * The stored forms of a CDR (see `functions/shared/dynamo/cdr-store.ts`): a rated item holds
 * the call's facts, the rate it was priced at and every level's charge — compact, so a CDR
 * stays within 1 KB (one write unit); an unrated item holds the reason and the document as the
 * edge sent it (the normalized CDR, or the raw FreeSWITCH text it could not parse).
 */
import { createHash } from 'node:crypto';
import type { EdgeCdr } from '../../core/cdr/edge-cdr';
import type { RatedCdr, UnratedReason } from '../../core/cdr/rated-cdr';
import { unratedKeys, type StoredCdr } from '../shared/dynamo/cdr-store';

/** Raw documents longer than this go to the object store (DynamoDB items stop at 400 KB). */
export const MAX_INLINE_RAW_CHARS = 300_000;

export function ratedItem(rated: RatedCdr, batchId: string, ratedAtEpochMs: number): StoredCdr {
  return { id: rated.uuid, status: 'rated', batchId, ratedAtEpochMs, ...rated };
}

export interface UnratedInput {
  readonly id: string;
  readonly reason: UnratedReason;
  readonly message: string;
  readonly batchId: string;
  readonly receivedAtEpochMs: number;
  readonly cdr?: EdgeCdr;
  readonly raw?: string;
  readonly rawKey?: string;
}

export function unratedItem(input: UnratedInput): StoredCdr {
  const { id, reason, receivedAtEpochMs } = input;
  return {
    status: 'unrated',
    ...input,
    ...unratedKeys(reason, receivedAtEpochMs, id),
  };
}

/** The id of a CDR without a uuid (unparsed, or a poison message): its content's hash. */
export function contentId(prefix: 'raw' | 'msg', text: string): string {
  return `${prefix}-${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
}

/**
 * The charges a stored item contributed to its batch's postings: its first rating's, even after
 * a period re-rate corrected it (the corrections are their own postings), so a late redelivery
 * of the batch sums what the batch posted the first time and is a replay.
 */
export function chargesOf(item: StoredCdr): readonly { accountId: string; chargeMicros: number }[] {
  if (item.status !== 'rated') return [];
  const history = Array.isArray(item.history) ? (item.history as { charges?: unknown }[]) : [];
  return (history[0]?.charges ?? item.charges ?? []) as RatedCdr['charges'];
}

/** What a stored CDR brings to its batch's settlement: its first charges and its lease. */
export interface CdrSettlement {
  /** The customer: a lease lives under its account. */
  readonly accountId: string;
  readonly leg: 'a' | 'b';
  /** The `tollgate_lease` the edge authorized the call under, or null. */
  readonly lease: string | null;
  readonly charges: readonly { accountId: string; chargeMicros: number }[];
}

/** One per rated CDR (none for an unrated one); charges as `chargesOf` counts them. */
export function settlementsOf(item: StoredCdr): readonly CdrSettlement[] {
  if (item.status !== 'rated') return [];
  const lease = typeof item.lease === 'string' && item.lease !== '' ? item.lease : null;
  const leg = item.leg === 'b' ? 'b' : 'a';
  return [{ accountId: String(item.accountId), leg, lease, charges: chargesOf(item) }];
}
