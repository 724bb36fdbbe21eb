/**
 * A credit lease: money the ledger holds for one edge so that the edge may authorize calls for
 * one account without asking the cloud (issue 10, docs/leases.md). Each level of the account's
 * reseller chain (customer first, up to but not including the operator) holds its own amount
 * in its own currency. Every transition is a pure function in this folder that returns the new
 * lease and the per-level deltas the ledger applies in the same transaction.
 */

/**
 * `active` → `closing` → `closed` (the edge returned it), or `abandoned` → `released` (the
 * edge restarted uncleanly; the sweeper returns it later), or `written_off` (an operator).
 */
export const LEASE_STATES = [
  'active',
  'closing',
  'closed',
  'abandoned',
  'released',
  'written_off',
] as const;
export type LeaseState = (typeof LEASE_STATES)[number];

/** States whose unused part is still reserved in the ledger. */
export const HOLDING_STATES: readonly LeaseState[] = ['active', 'closing', 'abandoned'];

/** States after which a settlement is late (the reservation was already returned). */
export const FINISHED_STATES: readonly LeaseState[] = ['closed', 'released', 'written_off'];

export interface LeaseLevel {
  readonly accountId: string;
  /** The level's account currency: its amounts below are micros of it. */
  readonly currency: string;
  /** Everything reserved for this level by the grant and the top-ups (never decreases). */
  readonly reservedMicros: number;
  /** Σ charges settled against the lease at this level. */
  readonly consumedMicros: number;
}

export interface LeaseTopUp {
  readonly topUpId: string;
  /** The customer-level amount asked for (the other levels hold its conversion). */
  readonly amountMicros: number;
}

export interface LeaseWriteOff {
  readonly reason: string;
  /** Who wrote it off, e.g. `user:admin` (audited). */
  readonly actor: string;
  readonly atEpochMs: number;
}

export interface Lease {
  /** Chosen by the edge (a UUID), so a retried grant is a replay. */
  readonly leaseId: string;
  readonly accountId: string;
  readonly edgeId: string;
  /** Customer first, then each reseller above it, without the operator. */
  readonly levels: readonly LeaseLevel[];
  /** The customer-level amount of the grant itself (replays compare it). */
  readonly grantedMicros: number;
  readonly grantedAtEpochMs: number;
  /** Hard expiry: the edge authorizes nothing from the lease after it (minus its skew margin). */
  readonly expiresAtEpochMs: number;
  readonly state: LeaseState;
  /** CDRs the edge spooled under the lease, told by close; null until closed. */
  readonly expectedCalls: number | null;
  readonly settledCalls: number;
  /** CDRs settled after the reservation was returned (closed, released, written off). */
  readonly lateSettlements: number;
  /** Set by abandon: the edge's spool has shipped every CDR of the lease. */
  readonly drained: boolean;
  readonly topUps: readonly LeaseTopUp[];
  readonly writeOff: LeaseWriteOff | null;
  /** Incremented by every change: the store's optimistic-concurrency condition. */
  readonly version: number;
}

/**
 * Expected refusals; none changes anything. `insufficient_funds` names the level's account;
 * `transition` codes name the lease. None is worth retrying unchanged except
 * `insufficient_funds` (after money arrives or another lease returns).
 */
export type LeaseCode =
  | 'lease_not_found'
  | 'lease_not_active'
  | 'lease_exists'
  | 'wrong_edge'
  | 'insufficient_funds'
  | 'invalid_amount'
  | 'invalid_ttl'
  | 'invalid_call_count'
  | 'invalid_reason'
  | 'charge_exceeds_lease'
  | 'too_many_top_ups'
  | 'not_releasable'
  | 'no_exchange_rate'
  | 'chain_mismatch';

export interface LeaseRefusal {
  readonly ok: false;
  readonly code: LeaseCode;
  /** The request field at fault, when there is one (`amountMicros`, `ttlSeconds`, …). */
  readonly field?: string;
  /** The level that refused (`insufficient_funds`, `charge_exceeds_lease`). */
  readonly accountId?: string;
  readonly message: string;
}

/**
 * What the ledger applies at one level, in that level's currency. `balanceMicros` follows the
 * ledger's sign convention (negative debits); `reservedMicros` is added to the balance item's
 * `reservedMicros` (positive holds, negative returns). Available moves by balance − reserved.
 */
export interface LevelDelta {
  readonly accountId: string;
  readonly balanceMicros: number;
  readonly reservedMicros: number;
}

export interface LeaseChange {
  readonly ok: true;
  readonly lease: Lease;
  /** One per level whose balance item changes (empty on a replay). */
  readonly deltas: readonly LevelDelta[];
  /** The same request was already applied: nothing to write, answer with `lease`. */
  readonly replayed: boolean;
}

export type LeaseOutcome = LeaseChange | LeaseRefusal;

export function refusal(
  code: LeaseCode,
  message: string,
  extra: { readonly field?: string; readonly accountId?: string } = {},
): LeaseRefusal {
  return { ok: false, code, message, ...extra };
}

/** What a holding lease still keeps reserved at a level: reserved − consumed, floor 0. */
export function unusedMicros(level: LeaseLevel): number {
  return Math.max(0, level.reservedMicros - level.consumedMicros);
}

/** The ledger reservation this lease accounts for at each level right now. */
export function outstandingMicros(lease: Lease, level: LeaseLevel): number {
  return HOLDING_STATES.includes(lease.state) ? unusedMicros(level) : 0;
}

/** Deltas that return every level's unused part (close, release, write-off). */
export function returnUnused(lease: Lease): LevelDelta[] {
  return lease.levels.map((level) => ({
    accountId: level.accountId,
    balanceMicros: 0,
    reservedMicros: -unusedMicros(level),
  }));
}

/** `wrong_edge` unless `edgeId` owns the lease: an edge acts only on its own leases. */
export function notOwnedBy(lease: Lease, edgeId: string): LeaseRefusal | null {
  if (lease.edgeId === edgeId) return null;
  return refusal('wrong_edge', `lease ${lease.leaseId} belongs to another edge`);
}

/** `invalid_amount` on `amountMicros` unless it is a positive integer of micros. */
export function notPositiveAmount(amountMicros: number): LeaseRefusal | null {
  if (isPositiveMicros(amountMicros)) return null;
  const message = 'must be a positive integer of micros';
  return refusal('invalid_amount', message, { field: 'amountMicros' });
}

export function isPositiveMicros(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}
