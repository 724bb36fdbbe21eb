/**
 * The ledger service: validate → plan → apply, then interpret what the repository saw.
 * Replays are resolved before funds: a posting that already exists with the same content is
 * the first result even if the account could not afford it again.
 */
import { firstDifference } from './compare';
import {
  CONFLICT_BACKOFF_BASE_MS,
  CONFLICT_BACKOFF_CAP_MS,
  MAX_ACTIONS_PER_TRANSACTION,
  MAX_CONFLICT_ATTEMPTS,
} from './limits';
import { SNAKE_FIELD, type LedgerResult } from './outcomes';
import { countActions, planWrite, type LedgerWrite, type ReservationChange } from './plan';
import type { ApplyOutcome, Backoff, Clock, LedgerRepository } from './ports';
import type { FloorPolicy, Posting, PostingInput } from './posting';
import { validatePostings } from './validate';

export interface PostRequest {
  readonly postings: readonly PostingInput[];
  readonly floor: FloorPolicy;
  readonly extraActions?: number;
  /** Reservations (credit leases) moved in the same transaction as the postings. */
  readonly reservations?: readonly ReservationChange[];
}

export interface LedgerServiceDeps {
  readonly repository: LedgerRepository;
  readonly clock: Clock;
  readonly backoff: Backoff;
}

export type LedgerService = ReturnType<typeof createLedgerService>;

export function createLedgerService(deps: LedgerServiceDeps) {
  return {
    post: (request: PostRequest) => post(deps, request),
    getBalance: (accountId: string) => deps.repository.getBalance(accountId),
    listPostings: (accountId: string, limit: number, cursor?: string) =>
      deps.repository.listPostings(accountId, limit, cursor),
  };
}

async function post(deps: LedgerServiceDeps, request: PostRequest): Promise<LedgerResult> {
  const problem = validatePostings(request.postings);
  if (problem) return { ok: false, code: 'invalid_posting', ...problem };
  const actions = countActions(request.postings, request.extraActions, request.reservations);
  if (actions > MAX_ACTIONS_PER_TRANSACTION)
    return { ok: false, code: 'too_many_actions', actions };

  let pending = request.postings;
  const alreadyStored: Posting[] = [];
  let conflicts = 0;
  // Each round either writes, fails for good, drops postings that exist, or counts a conflict,
  // so the loop ends after at most |postings| + MAX_CONFLICT_ATTEMPTS rounds.
  for (;;) {
    const write = planWrite(pending, { ...request, createdAtEpochMs: deps.clock.nowEpochMs() });
    const outcome = await deps.repository.apply(write);
    if (outcome.status === 'written') {
      const written = write.changes.flatMap((change) => change.postings);
      return accepted([...alreadyStored, ...written], request.postings, false, outcome.writeUnits);
    }
    if (outcome.status === 'conflict') {
      conflicts += 1;
      if (conflicts >= MAX_CONFLICT_ATTEMPTS) return { ok: false, code: 'transaction_conflict' };
      await deps.backoff.sleep(backoffMs(conflicts, deps.backoff.random()));
      continue;
    }
    const verdict = interpretCancel(outcome, pending, write);
    if (verdict.kind === 'rejected') return verdict.result;
    alreadyStored.push(...verdict.existing);
    pending = verdict.remaining;
    if (pending.length === 0) {
      const replayed = alreadyStored.length === request.postings.length;
      return accepted(alreadyStored, request.postings, replayed, 0);
    }
  }
}

type CancelVerdict =
  | { readonly kind: 'rejected'; readonly result: LedgerResult }
  | { readonly kind: 'dropped'; readonly existing: Posting[]; readonly remaining: PostingInput[] };

function interpretCancel(
  outcome: Extract<ApplyOutcome, { status: 'cancelled' }>,
  pending: readonly PostingInput[],
  write: LedgerWrite,
): CancelVerdict {
  const stored = new Map(outcome.existing.map((p) => [identity(p), p]));
  for (const input of pending) {
    const existing = stored.get(identity(input));
    const field = existing && firstDifference(existing, input);
    if (existing && field) {
      const code = `posting_exists_with_different_${SNAKE_FIELD[field]}` as const;
      const { accountId, idempotencyKey } = input;
      const storedReference = existing.reference;
      const result = { ok: false, code, accountId, idempotencyKey, field, storedReference } as const;
      return { kind: 'rejected', result };
    }
  }
  if (stored.size > 0) {
    const remaining = pending.filter((input) => !stored.has(identity(input)));
    return { kind: 'dropped', existing: [...stored.values()], remaining };
  }
  const missing = outcome.missingAccounts[0];
  if (missing !== undefined) {
    return {
      kind: 'rejected',
      result: { ok: false, code: 'account_not_found', accountId: missing },
    };
  }
  const poor = outcome.insufficientAccounts[0];
  if (poor !== undefined) {
    // The item failed the one funds condition it carried: a floor when the change needed funds,
    // otherwise the 2^53 ceiling of a credit (plan.ts creditCeilings).
    const change = write.changes.find((candidate) => candidate.accountId === poor);
    const code = change && change.requiredAvailableMicros === 0 ? 'balance_out_of_range' : 'insufficient_funds';
    return { kind: 'rejected', result: { ok: false, code, accountId: poor } };
  }
  throw new Error('ledger: transaction cancelled without a reason the service knows');
}

/** Postings in the caller's order, whether first written now or earlier. */
function accepted(
  postings: readonly Posting[],
  order: readonly PostingInput[],
  replayed: boolean,
  writeUnits: number,
): LedgerResult {
  const byIdentity = new Map(postings.map((p) => [identity(p), p]));
  const ordered = order.map((input) => {
    const posting = byIdentity.get(identity(input));
    if (!posting) throw new Error('ledger: an accepted posting went missing');
    return posting;
  });
  return { ok: true, postings: ordered, replayed, writeUnits };
}

function identity(posting: PostingInput): string {
  return `${posting.accountId}\u0000${posting.idempotencyKey}`;
}

/** Full jitter, capped: spreads writers racing for one balance item. */
export function backoffMs(attempt: number, random: number): number {
  const ceiling = Math.min(CONFLICT_BACKOFF_CAP_MS, CONFLICT_BACKOFF_BASE_MS * 2 ** attempt);
  return Math.floor(random * ceiling);
}
