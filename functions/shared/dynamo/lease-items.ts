/**
 * How credit leases (issue 10) are laid out in the `ledger` table, beside the balance items they
 * hold money on (docs/data-model.md):
 *
 * - lease: `ACCOUNT#<customer>` / `LEASE#<leaseId>` — the model's fields; an account's leases are
 *   one Query. While the lease holds money (active, closing, abandoned) it carries `openEdge =
 *   EDGE#<edgeId>`, which puts it in the sparse `openLeases` index (an edge's open leases).
 * - lease id: `LEASE#<leaseId>` / `LEASE` — who owns the id (account, edge), written once by the
 *   grant: edge routes name only the lease id, and a lease id is unique across accounts.
 * - abandoned: `LEASES#ABANDONED` / `<15-digit expiry ms>#<leaseId>` — the sweeper's queue,
 *   put by abandon, deleted by release or write-off (expiry order: due ones come first).
 * - late: `ACCOUNT#<customer>` / `LATE#<leaseId>` — CDRs that named a lease the ledger never
 *   granted to that account: still charged, counted here for the late-settlements report.
 */
import type { Lease, LeaseLevel, LeaseState, LeaseTopUp, LeaseWriteOff } from '../../../core/leases';
import { HOLDING_STATES } from '../../../core/leases';
import { accountPk } from './ledger-items';

export const LEASE_PREFIX = 'LEASE#';
export const LATE_PREFIX = 'LATE#';
export const OPEN_LEASES_INDEX = 'openLeases';
export const ABANDONED_PK = 'LEASES#ABANDONED';
const TIME_DIGITS = 15;

export const leaseKey = (accountId: string, leaseId: string) => ({
  pk: accountPk(accountId),
  sk: `${LEASE_PREFIX}${leaseId}`,
});
export const leaseIdKey = (leaseId: string) => ({ pk: `${LEASE_PREFIX}${leaseId}`, sk: 'LEASE' });
export const lateKey = (accountId: string, leaseId: string) => ({
  pk: accountPk(accountId),
  sk: `${LATE_PREFIX}${leaseId}`,
});
export const abandonedKey = (lease: Pick<Lease, 'expiresAtEpochMs' | 'leaseId'>) => ({
  pk: ABANDONED_PK,
  sk: `${String(lease.expiresAtEpochMs).padStart(TIME_DIGITS, '0')}#${lease.leaseId}`,
});
export const edgeIndexKey = (edgeId: string) => `EDGE#${edgeId}`;

/** The stored item: every model field, the keys, and the index key while it holds money. */
export function leaseItem(lease: Lease): Record<string, unknown> {
  const holding = HOLDING_STATES.includes(lease.state);
  return {
    ...leaseKey(lease.accountId, lease.leaseId),
    ...lease,
    ...(holding ? { openEdge: edgeIndexKey(lease.edgeId) } : {}),
  };
}

export function leaseFromItem(item: Record<string, unknown>): Lease {
  const number = (value: unknown) => Number(value);
  return {
    leaseId: String(item.leaseId),
    accountId: String(item.accountId),
    edgeId: String(item.edgeId),
    levels: (item.levels as LeaseLevel[]).map((level) => ({
      accountId: String(level.accountId),
      currency: String(level.currency),
      reservedMicros: number(level.reservedMicros),
      consumedMicros: number(level.consumedMicros),
    })),
    grantedMicros: number(item.grantedMicros),
    grantedAtEpochMs: number(item.grantedAtEpochMs),
    expiresAtEpochMs: number(item.expiresAtEpochMs),
    state: String(item.state) as LeaseState,
    expectedCalls: item.expectedCalls === null ? null : number(item.expectedCalls),
    settledCalls: number(item.settledCalls),
    lateSettlements: number(item.lateSettlements),
    drained: item.drained === true,
    topUps: ((item.topUps ?? []) as LeaseTopUp[]).map((t) => ({
      topUpId: String(t.topUpId),
      amountMicros: number(t.amountMicros),
    })),
    writeOff: (item.writeOff ?? null) as LeaseWriteOff | null,
    version: number(item.version),
  };
}

/** CDRs charged under a lease id the account never had (the late-settlements report). */
export interface UnknownLeaseSettlements {
  readonly leaseId: string;
  readonly accountId: string;
  readonly calls: number;
  /** Σ the customer level's charges, as posted (each CDR item keeps every level's). */
  readonly chargedMicros: number;
  readonly lastAtEpochMs: number;
}

export function unknownLeaseFromItem(item: Record<string, unknown>): UnknownLeaseSettlements {
  return {
    leaseId: String(item.leaseId),
    accountId: String(item.accountId),
    calls: Number(item.calls),
    chargedMicros: Number(item.chargedMicros),
    lastAtEpochMs: Number(item.lastAtEpochMs),
  };
}
