/**
 * One posting per account per batch: the sum of the batch's charges to that account, keyed
 * `cdrs:<batchId>` (each CDR item records its own charges, so the posting needs no detail).
 * Rated calls already happened, so the floor is `may_overdraw`. One transaction holds up to
 * ACCOUNTS_PER_TRANSACTION accounts (balance update + posting each), leaving room in the
 * 100-action limit for a lease settlement per account (issue 10's seam: `extraActions`).
 */
import { micros } from '../../core/money/micros';
import type { PostingInput } from '../../core/ledger/posting';
import type { RaterDeps } from './deps';

/** 33 accounts × (balance + posting + a lease item) = 99 actions ≤ 100. */
export const ACCOUNTS_PER_TRANSACTION = 33;

export async function postTotals(
  deps: RaterDeps,
  batchId: string,
  charges: readonly { accountId: string; chargeMicros: number }[],
): Promise<{ postings: number; writeUnits: number }> {
  const totals = new Map<string, number>();
  for (const { accountId, chargeMicros } of charges) {
    totals.set(accountId, (totals.get(accountId) ?? 0) + chargeMicros);
  }
  const postings: PostingInput[] = [...totals]
    .filter(([, total]) => total !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([accountId, total]) => ({
      accountId,
      amountMicros: micros(-total),
      kind: 'cdr',
      idempotencyKey: `cdrs:${batchId}`,
      reference: `calls of batch ${batchId}`,
      actor: 'system:rate-cdrs',
    }));
  let writeUnits = 0;
  for (let start = 0; start < postings.length; start += ACCOUNTS_PER_TRANSACTION) {
    const chunk = postings.slice(start, start + ACCOUNTS_PER_TRANSACTION);
    const result = await deps.ledger.post({ postings: chunk, floor: 'may_overdraw' });
    // Conflicts are retried by the ledger; what is left fails the message, so SQS redelivers it.
    if (!result.ok) throw new Error(`rate-cdrs: posting batch ${batchId}: ${result.code}`);
    writeUnits += result.writeUnits;
  }
  return { postings: postings.length, writeUnits };
}
