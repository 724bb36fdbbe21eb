/**
 * Getting money for an account from the cloud: a top-up of its active lease while that lease
 * has time left, else a new lease (which retires the old one). The ask is sized from recent
 * spend (`nextLeaseAmountMicros`); refused for funds, it is halved down to the minimum
 * (`smallerLeaseAmountMicros`), so a small balance still yields a small lease. A grant whose
 * answer was lost is asked again with the same id and amount: the cloud answers the replay.
 */
import { smallerLeaseAmountMicros } from '../../core/leases/sizing';
import type { LeaseCallOutcome, LeasesCloud, WireLease } from '../cloud/leases-client';

export type Obtained =
  | { readonly ok: true; readonly kind: 'granted' | 'topped_up'; readonly lease: WireLease }
  | { readonly ok: false; readonly kind: 'refused'; readonly code: string; readonly accountId?: string }
  | { readonly ok: false; readonly kind: 'unreachable'; readonly reason: string };

export interface PendingGrant {
  readonly leaseId: string;
  readonly amountMicros: number;
}

export interface GrantPorts {
  readonly cloud: LeasesCloud;
  readonly newId: () => string;
  readonly ttlSeconds: number;
  /** A grant whose outcome is unknown, per account: asked again as is (a replay). */
  readonly unanswered: Map<string, PendingGrant>;
}

export async function grantFor(accountId: string, amountMicros: number, ports: GrantPorts): Promise<Obtained> {
  let ask = ports.unanswered.get(accountId) ?? { leaseId: ports.newId(), amountMicros };
  for (;;) {
    const request = { leaseId: ask.leaseId, accountId, amountMicros: ask.amountMicros, ttlSeconds: ports.ttlSeconds };
    const outcome = await ports.cloud.grant(request);
    if (!outcome.ok && outcome.kind === 'unreachable') {
      ports.unanswered.set(accountId, ask);
      return outcome;
    }
    ports.unanswered.delete(accountId);
    const smaller = halved(outcome, ask.amountMicros);
    if (smaller === null) return outcomeOf(outcome, 'granted');
    ask = { leaseId: ports.newId(), amountMicros: smaller };
  }
}

export async function topUpFor(leaseId: string, amountMicros: number, ports: GrantPorts): Promise<Obtained> {
  let ask = amountMicros;
  for (;;) {
    const outcome = await ports.cloud.topUp(leaseId, ports.newId(), ask);
    const smaller = halved(outcome, ask);
    if (smaller === null) return outcomeOf(outcome, 'topped_up');
    ask = smaller;
  }
}

/** The next, smaller ask after `insufficient_funds`; null to stop with this outcome. */
function halved(outcome: LeaseCallOutcome, askedMicros: number): number | null {
  if (outcome.ok || outcome.kind !== 'refused' || outcome.code !== 'insufficient_funds') return null;
  return smallerLeaseAmountMicros(askedMicros);
}

function outcomeOf(outcome: LeaseCallOutcome, kind: 'granted' | 'topped_up'): Obtained {
  return outcome.ok ? { ok: true, kind, lease: outcome.lease } : outcome;
}
