/**
 * The ways a lease returns its unused part (reserved − consumed per level, floor 0): the edge
 * closes it (returned once every CDR it spooled under the lease is settled), the sweeper
 * releases an abandoned one (after expiry + the account's max call length + SETTLE_GRACE_MS,
 * and only once the edge confirmed its spool drained), or an operator writes it off (at once;
 * the only way around the invariant, audited by the caller).
 */
import { CLOCK_SKEW_MARGIN_MS, MAX_WRITE_OFF_REASON_LENGTH, SETTLE_GRACE_MS } from './defaults';
import {
  notOwnedBy,
  refusal,
  returnUnused,
  type Lease,
  type LeaseChange,
  type LeaseOutcome,
  type LeaseState,
} from './lease';

function changed(lease: Lease, patch: Partial<Lease>, returning: boolean): LeaseChange {
  const next: Lease = { ...lease, ...patch, version: lease.version + 1 };
  return { ok: true, lease: next, deltas: returning ? returnUnused(lease) : [], replayed: false };
}

function replay(lease: Lease): LeaseChange {
  return { ok: true, lease, deltas: [], replayed: true };
}

function notActive(lease: Lease, doing: string): LeaseOutcome {
  return refusal('lease_not_active', `lease ${lease.leaseId} is ${lease.state}: cannot ${doing}`);
}

/** `closing` → `closed` with the unused part returned, once every expected CDR is settled. */
export function closedIfComplete(lease: Lease): LeaseChange | null {
  if (lease.state !== 'closing' || lease.expectedCalls === null) return null;
  if (lease.settledCalls < lease.expectedCalls) return null;
  return changed(lease, { state: 'closed' }, true);
}

/**
 * The edge returns the lease: no call authorized under it is live, and it spooled `callCount`
 * CDRs under it. The same close again is a replay; another count is `lease_not_active`.
 */
export function closeLease(
  lease: Lease,
  request: { readonly edgeId: string; readonly callCount: number },
): LeaseOutcome {
  const otherEdge = notOwnedBy(lease, request.edgeId);
  if (otherEdge !== null) return otherEdge;
  if (!Number.isSafeInteger(request.callCount) || request.callCount < 0) {
    return refusal('invalid_call_count', 'must be a whole number >= 0', { field: 'callCount' });
  }
  const again = lease.state === 'closing' || lease.state === 'closed';
  if (again && lease.expectedCalls === request.callCount) return replay(lease);
  if (lease.state !== 'active') return notActive(lease, 'close');
  const closing = changed(lease, { state: 'closing', expectedCalls: request.callCount }, false);
  const completed = closedIfComplete(closing.lease);
  if (completed === null) return closing;
  return { ...completed, lease: { ...completed.lease, version: lease.version + 1 } };
}

/**
 * After an unclean restart the edge gives up the lease (no call from it any more); `drained`
 * once its spool shipped every CDR of the lease. Drained never goes back to false.
 */
export function abandonLease(
  lease: Lease,
  request: { readonly edgeId: string; readonly drained: boolean },
): LeaseOutcome {
  const otherEdge = notOwnedBy(lease, request.edgeId);
  if (otherEdge !== null) return otherEdge;
  if (lease.state === 'abandoned') {
    if (lease.drained || !request.drained) return replay(lease);
    return changed(lease, { drained: true }, false);
  }
  const from: readonly LeaseState[] = ['active', 'closing'];
  if (!from.includes(lease.state)) return notActive(lease, 'abandon');
  return changed(lease, { state: 'abandoned', drained: request.drained }, false);
}

/**
 * From when (on its own clock) an edge may confirm `drained` for a lease it abandoned, once its
 * spool holds nothing of the lease: every call under the lease started before
 * `expires − CLOCK_SKEW_MARGIN_MS` and lasts at most the account's max call length, so after
 * this instant (one more margin for the edge's clock) no call can still add a CDR to the spool.
 */
export function drainableAtEpochMs(lease: Lease, maxCallSeconds: number): number {
  return lease.expiresAtEpochMs + maxCallSeconds * 1000 + CLOCK_SKEW_MARGIN_MS;
}

/** When the sweeper may release an abandoned lease (the drain confirmation aside). */
export function releasableAtEpochMs(lease: Lease, maxCallSeconds: number): number {
  return lease.expiresAtEpochMs + maxCallSeconds * 1000 + SETTLE_GRACE_MS;
}

/** The sweeper: `abandoned`, drained and past `releasableAtEpochMs` → `released`. */
export function releaseLease(
  lease: Lease,
  request: { readonly nowEpochMs: number; readonly maxCallSeconds: number },
): LeaseOutcome {
  if (lease.state === 'released') return replay(lease);
  if (lease.state !== 'abandoned') return notActive(lease, 'release');
  if (!lease.drained) {
    const message = `lease ${lease.leaseId}: the edge has not confirmed its spool drained`;
    return refusal('not_releasable', message);
  }
  const at = releasableAtEpochMs(lease, request.maxCallSeconds);
  if (request.nowEpochMs < at) {
    return refusal('not_releasable', `lease ${lease.leaseId} is releasable from ${at}`);
  }
  return changed(lease, { state: 'released' }, true);
}

/** An operator returns a holding lease's unused part at once, with a reason (audited). */
export function writeOffLease(
  lease: Lease,
  request: { readonly reason: string; readonly actor: string; readonly nowEpochMs: number },
): LeaseOutcome {
  const reason = request.reason.trim();
  if (reason.length === 0 || reason.length > MAX_WRITE_OFF_REASON_LENGTH) {
    const message = `must be 1–${MAX_WRITE_OFF_REASON_LENGTH} characters`;
    return refusal('invalid_reason', message, { field: 'reason' });
  }
  if (lease.state === 'written_off') return notActive(lease, 'write off again');
  const from: readonly LeaseState[] = ['active', 'closing', 'abandoned'];
  if (!from.includes(lease.state)) return notActive(lease, 'write off');
  const writeOff = { reason, actor: request.actor, atEpochMs: request.nowEpochMs };
  return changed(lease, { state: 'written_off', writeOff }, true);
}
