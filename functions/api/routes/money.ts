/**
 * Shared by the money-moving routes: post through the ledger, answer 201 with the postings.
 * A faithful replay answers the same body (the first result) with `Idempotent-Replayed: true`.
 */
import type { LedgerRejection } from '../../../core/ledger/outcomes';
import type { FloorPolicy, PostingInput } from '../../../core/ledger/posting';
import type { ApiDeps } from '../deps';
import type { RouteResponse } from '../http/route';
import { ApiError } from '../http/errors';
import { ledgerError } from '../ledger-errors';
import { postingView } from '../schemas';

export async function postMoney(
  deps: ApiDeps,
  postings: readonly PostingInput[],
  floor: FloorPolicy,
  fieldOf?: (rejection: LedgerRejection) => string | undefined,
): Promise<RouteResponse> {
  const result = await deps.ledger.post({ postings, floor });
  if (!result.ok) throw ledgerError(result, fieldOf);
  return {
    status: 201,
    body: { postings: result.postings.map(postingView) },
    headers: result.replayed ? { 'idempotent-replayed': 'true' } : {},
  };
}

export const MONEY_WRITERS = ['admin', 'reseller'] as const;

/**
 * Closing is final (docs/data-model.md): a closed account takes no new money, so none is lost
 * in it (a retry of a credit made before the close is refused too). What it still holds may be
 * charged or moved out. Read before the write: a close racing a credit may let that one in.
 */
export async function refuseClosed(deps: ApiDeps, accountId: string, field: string): Promise<void> {
  const profile = await deps.accounts.get(accountId);
  if (profile?.status === 'closed') {
    throw new ApiError(409, 'account_closed', `account ${accountId} is closed`, field);
  }
}
