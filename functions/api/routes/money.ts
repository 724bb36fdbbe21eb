/**
 * Shared by the money-moving routes: post through the ledger, answer 201 with the postings.
 * A faithful replay answers the same body (the first result) with `Idempotent-Replayed: true`.
 */
import type { FloorPolicy, PostingInput } from '../../../core/ledger/posting';
import type { ApiDeps } from '../deps';
import type { RouteResponse } from '../http/route';
import { ledgerError } from '../ledger-errors';
import { postingView } from '../schemas';

export async function postMoney(
  deps: ApiDeps,
  postings: readonly PostingInput[],
  floor: FloorPolicy,
): Promise<RouteResponse> {
  const result = await deps.ledger.post({ postings, floor });
  if (!result.ok) throw ledgerError(result);
  return {
    status: 201,
    body: { postings: result.postings.map(postingView) },
    headers: result.replayed ? { 'idempotent-replayed': 'true' } : {},
  };
}

export const MONEY_WRITERS = ['admin', 'reseller'] as const;
