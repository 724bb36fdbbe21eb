/**
 * The leases' periodic upkeep (about once a second, never on the authorization path):
 * - gives up calls whose CDR can no longer come (`CallHolds.sweep`);
 * - asks again for grants whose answer was lost (the cloud may hold money for them);
 * - active leases: retired at their expiry minus the skew margin or after `idleCloseMs`
 *   without a call; money asked for ahead of need when the lease is within `renewAheadMs` of
 *   that point or has less than 1 / RENEW_BELOW_DIVISOR left at a level;
 * - retired leases: closed (`callCount`) once no call under them is live and the sender
 *   shipped their CDRs; abandoned instead when one of their calls' CDR never came;
 * - abandoned leases: the cloud is told at once (`drained: false`), then `drained: true` once
 *   no call under them can still be up and the spool shipped every CDR that could be theirs.
 */
import { RENEW_BELOW_DIVISOR } from '../../core/leases';
import type { EdgeLease } from './edge-lease';
import type { LeaseManager } from './manager';

export async function leaseUpkeep(manager: LeaseManager): Promise<void> {
  const now = manager.deps.clock();
  manager.holds.sweep(now);
  for (const lease of [...manager.active.values()]) keepActive(manager, lease, now);
  for (const accountId of manager.unansweredAccounts()) {
    if (manager.mayReplenish(accountId, now)) void manager.replenish(accountId);
  }
  for (const lease of [...manager.leases.values()]) {
    if (lease.state === 'retired') await closeRetired(manager, lease);
    else if (lease.state === 'abandoned') await reportAbandoned(manager, lease, now);
  }
  await manager.flush();
}

function keepActive(manager: LeaseManager, lease: EdgeLease, now: number): void {
  const { idleCloseMs, renewAheadMs } = manager.deps.limits;
  const idle = now - lease.lastCallAtEpochMs >= idleCloseMs;
  if (!lease.purse.canAuthorize(now) || (idle && lease.purse.liveCalls === 0)) {
    manager.retire(lease);
    // Replaced at once only when calls used it: a lease no call used (or one this edge's clock
    // already sees as over, e.g. a clock far ahead of the cloud's) is not re-granted in a loop;
    // the next call that needs money asks for it.
    const used = lease.callCount > 0 || lease.purse.liveCalls > 0;
    if (!idle && used && manager.mayReplenish(lease.accountId, now)) void manager.replenish(lease.accountId);
    return;
  }
  const low = lease.purse.levels().some((level) => level.remainingMicros * RENEW_BELOW_DIVISOR < level.reservedMicros);
  const nearEnd = lease.purse.stopsAtEpochMs() - now <= renewAheadMs;
  if (!idle && (low || nearEnd) && manager.mayReplenish(lease.accountId, now)) void manager.replenish(lease.accountId);
}

async function closeRetired(manager: LeaseManager, lease: EdgeLease): Promise<void> {
  if (lease.purse.liveCalls > 0 || !manager.progress.shipped(lease.lastSpooled, lease.fromEarlierRun)) return;
  if (lease.lostCall) {
    lease.state = 'abandoned';
    manager.changed();
    return;
  }
  const outcome = await manager.deps.cloud.close(lease.leaseId, lease.callCount);
  if (!outcome.ok && outcome.kind === 'unreachable') return;
  manager.deps.log(outcome.ok ? 'lease_closed' : 'lease_close_refused', {
    leaseId: lease.leaseId,
    callCount: lease.callCount,
    ...(outcome.ok ? { state: outcome.lease.state } : { code: outcome.code }),
  });
  manager.forgetLease(lease);
}

async function reportAbandoned(manager: LeaseManager, lease: EdgeLease, now: number): Promise<void> {
  const drained = now >= lease.drainableAtEpochMs() && manager.progress.shipped(lease.lastSpooled, true);
  if (lease.reported === 'abandoned' && !drained) return;
  const outcome = await manager.deps.cloud.abandon(lease.leaseId, drained);
  if (!outcome.ok && outcome.kind === 'unreachable') return;
  manager.deps.log(outcome.ok ? 'lease_abandoned' : 'lease_abandon_refused', {
    leaseId: lease.leaseId,
    drained,
    ...(outcome.ok ? {} : { code: outcome.code }),
  });
  // Told drained (or refused: the cloud holds nothing for it), the cloud takes it from here.
  if (drained || !outcome.ok) manager.forgetLease(lease);
  else {
    lease.reported = 'abandoned';
    manager.changed();
  }
}
