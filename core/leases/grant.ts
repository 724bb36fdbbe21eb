/**
 * Grant and top-up: reserve the customer amount at the customer level and its conversion at
 * each reseller level, only if EVERY level's available funds (balance + credit limit for
 * postpaid − reserved, `core/ledger/available.ts`) cover its amount. The store applies the
 * returned deltas under conditions on the balance items' versions (or `availableMicros >=`),
 * so two grants racing for the same money cannot both pass.
 */
import { availableMicros, type BalanceState } from '../ledger/available';
import { convertLeaseAmount, type LeaseCurrencies } from './conversion';
import { LEASE_TTL_SECONDS, MAX_LEASE_TTL_SECONDS, MAX_TOP_UPS_PER_LEASE } from './defaults';
import {
  notOwnedBy,
  notPositiveAmount,
  refusal,
  type Lease,
  type LeaseLevel,
  type LeaseOutcome,
  type LeaseRefusal,
  type LevelDelta,
} from './lease';

/** One level's balance item as the store read it (customer first, operator excluded). */
export type LevelFunds = Pick<
  BalanceState,
  'accountId' | 'currency' | 'mode' | 'balanceMicros' | 'creditLimitMicros' | 'reservedMicros'
>;

export interface GrantRequest {
  readonly leaseId: string;
  readonly accountId: string;
  /** From the API key, never the body. */
  readonly edgeId: string;
  readonly amountMicros: number;
  readonly ttlSeconds?: number;
  readonly nowEpochMs: number;
}

export interface TopUpRequest {
  readonly edgeId: string;
  readonly topUpId: string;
  readonly amountMicros: number;
  readonly nowEpochMs: number;
}

/**
 * `existing` is the stored lease with the same id (undefined when new): the same content is a
 * replay (nothing to write), other content `lease_exists` (`wrong_edge` for another edge's id).
 */
export function grantLease(
  request: GrantRequest,
  funds: readonly LevelFunds[],
  currencies: LeaseCurrencies,
  existing?: Lease,
): LeaseOutcome {
  const ttlSeconds = request.ttlSeconds ?? LEASE_TTL_SECONDS;
  if (existing !== undefined) return replayOfGrant(existing, request, ttlSeconds);
  const badAmount = notPositiveAmount(request.amountMicros);
  if (badAmount !== null) return badAmount;
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_LEASE_TTL_SECONDS) {
    const message = `must be whole seconds from 1 to ${MAX_LEASE_TTL_SECONDS}`;
    return refusal('invalid_ttl', message, { field: 'ttlSeconds' });
  }
  if (funds[0]?.accountId !== request.accountId) {
    return refusal('chain_mismatch', 'the first level must be the lease account');
  }
  const held = holdsFor(request.amountMicros, funds, currencies);
  if (!held.ok) return held;
  const lease: Lease = {
    leaseId: request.leaseId,
    accountId: request.accountId,
    edgeId: request.edgeId,
    levels: funds.map((level, i) => ({
      accountId: level.accountId,
      currency: level.currency,
      reservedMicros: held.deltas[i]!.reservedMicros,
      consumedMicros: 0,
    })),
    grantedMicros: request.amountMicros,
    grantedAtEpochMs: request.nowEpochMs,
    expiresAtEpochMs: request.nowEpochMs + ttlSeconds * 1000,
    state: 'active',
    expectedCalls: null,
    settledCalls: 0,
    lateSettlements: 0,
    drained: false,
    topUps: [],
    writeOff: null,
    version: 1,
  };
  return { ok: true, lease, deltas: held.deltas, replayed: false };
}

function replayOfGrant(existing: Lease, request: GrantRequest, ttlSeconds: number): LeaseOutcome {
  const otherEdge = notOwnedBy(existing, request.edgeId);
  if (otherEdge !== null) return otherEdge;
  const sameTtl = existing.expiresAtEpochMs - existing.grantedAtEpochMs === ttlSeconds * 1000;
  if (existing.accountId !== request.accountId) {
    return refusal('lease_exists', 'the lease exists for another account', { field: 'accountId' });
  }
  if (existing.grantedMicros !== request.amountMicros) {
    const field = 'amountMicros';
    return refusal('lease_exists', 'the lease exists with another amount', { field });
  }
  if (!sameTtl) {
    return refusal('lease_exists', 'the lease exists with another ttl', { field: 'ttlSeconds' });
  }
  return { ok: true, lease: existing, deltas: [], replayed: true };
}

/** Adds the amount at every level of an active, unexpired lease of this edge. */
export function topUpLease(
  lease: Lease,
  request: TopUpRequest,
  funds: readonly LevelFunds[],
  currencies: LeaseCurrencies,
): LeaseOutcome {
  const otherEdge = notOwnedBy(lease, request.edgeId);
  if (otherEdge !== null) return otherEdge;
  const earlier = lease.topUps.find((topUp) => topUp.topUpId === request.topUpId);
  if (earlier !== undefined) {
    if (earlier.amountMicros === request.amountMicros) {
      return { ok: true, lease, deltas: [], replayed: true };
    }
    const field = 'amountMicros';
    return refusal('lease_exists', 'the top-up exists with another amount', { field });
  }
  const badAmount = notPositiveAmount(request.amountMicros);
  if (badAmount !== null) return badAmount;
  if (lease.state !== 'active' || request.nowEpochMs >= lease.expiresAtEpochMs) {
    return refusal('lease_not_active', `lease ${lease.leaseId} is ${lease.state} or expired`);
  }
  if (lease.topUps.length >= MAX_TOP_UPS_PER_LEASE) {
    return refusal('too_many_top_ups', `a lease takes at most ${MAX_TOP_UPS_PER_LEASE} top-ups`);
  }
  const sameChain =
    funds.length === lease.levels.length &&
    funds.every((level, i) => level.accountId === lease.levels[i]!.accountId);
  if (!sameChain) return refusal('chain_mismatch', 'the funds are not the lease levels');
  const held = holdsFor(request.amountMicros, funds, currencies);
  if (!held.ok) return held;
  const levels: LeaseLevel[] = lease.levels.map((level, i) => ({
    ...level,
    reservedMicros: level.reservedMicros + held.deltas[i]!.reservedMicros,
  }));
  const { topUpId, amountMicros } = request;
  const topUps = [...lease.topUps, { topUpId, amountMicros }];
  const next: Lease = { ...lease, levels, topUps, version: lease.version + 1 };
  return { ok: true, lease: next, deltas: held.deltas, replayed: false };
}

/** The hold at each level, or the first level that cannot cover its part. */
function holdsFor(
  amountMicros: number,
  funds: readonly LevelFunds[],
  currencies: LeaseCurrencies,
): { readonly ok: true; readonly deltas: LevelDelta[] } | LeaseRefusal {
  const customer = funds[0];
  if (customer === undefined) return refusal('chain_mismatch', 'no levels');
  const deltas: LevelDelta[] = [];
  for (const level of funds) {
    const converted = convertLeaseAmount(
      amountMicros,
      customer.currency,
      level.currency,
      currencies,
    );
    if (!converted.ok) return refusal('no_exchange_rate', converted.message);
    if (availableMicros(level) < converted.micros) {
      const message = `${level.accountId} cannot hold ${converted.micros} micros`;
      const at = { field: 'amountMicros', accountId: level.accountId };
      return refusal('insufficient_funds', message, at);
    }
    deltas.push({ accountId: level.accountId, balanceMicros: 0, reservedMicros: converted.micros });
  }
  return { ok: true, deltas };
}
