/**
 * Credit leases on DynamoDB. Every command reads the lease (and, to reserve, the chain's balance
 * items), lets the pure model decide (`core/leases`), and writes its answer in one transaction:
 * the lease item conditioned on its version (or on not existing, for a grant), each level's
 * balance item moving `reserved` (conditioned on `availableMicros` when money is reserved).
 * A lease that changed in between (a settlement, a top-up) is read again and decided again;
 * a level short of funds is `insufficient_funds` naming it. Nothing is written on a refusal.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  abandonLease,
  closeLease,
  grantLease,
  refusal,
  releaseLease,
  topUpLease,
  writeOffLease,
  type GrantRequest,
  type Lease,
  type LeaseOutcome,
  type LeaseRefusal,
  type LevelDelta,
} from '../../../core/leases';
import { planWrite } from '../../../core/ledger/plan';
import type { Backoff, Clock, LedgerRepository } from '../../../core/ledger/ports';
import type { AccountStore } from './account-store';
import type { CurrencyStore } from './currency-store';
import { readChain, type LeaseChain } from './lease-chain';
import { leaseFromItem, leaseIdKey, leaseKey } from './lease-items';
import { grantActions, transitionActions, type WriteOffAudit } from './lease-actions';
import {
  LEASE_CHANGE_ATTEMPTS,
  runLeaseWrite,
  type FailedAction,
  type LeaseAction,
} from './lease-transaction';

export type LeaseResult =
  | { readonly ok: true; readonly lease: Lease; readonly replayed: boolean }
  | LeaseRefusal
  | {
      readonly ok: false;
      readonly code: 'account_not_found';
      readonly accountId: string;
      readonly message: string;
    };

export interface LeaseStoreDeps {
  readonly documents: DynamoDBDocumentClient;
  readonly ledgerTable: string;
  /** Audit entries of write-offs live with the other audit entries. */
  readonly configTable: string;
  readonly accounts: AccountStore;
  readonly currencies: CurrencyStore;
  readonly ledger: LedgerRepository;
  readonly clock: Clock;
  readonly backoff: Backoff;
}

type Decide = (lease: Lease, nowEpochMs: number) => LeaseOutcome | Promise<LeaseOutcome>;

export class LeaseStore {
  constructor(readonly deps: LeaseStoreDeps) {}

  async get(accountId: string, leaseId: string): Promise<Lease | undefined> {
    const item = await this.read(leaseKey(accountId, leaseId));
    return item ? leaseFromItem(item) : undefined;
  }

  /** By id alone (edge routes): the id's claim names the account. */
  async find(leaseId: string): Promise<Lease | undefined> {
    const claim = await this.read(leaseIdKey(leaseId));
    return claim ? this.get(String(claim.accountId), leaseId) : undefined;
  }

  async grant(request: Omit<GrantRequest, 'nowEpochMs'>): Promise<LeaseResult> {
    const [existing, chain] = await Promise.all([
      this.find(request.leaseId),
      readChain(this.deps, request.accountId),
    ]);
    if (!chain.ok) return accountMissing(chain.accountId);
    const now = this.deps.clock.nowEpochMs();
    const outcome = grantLease({ ...request, nowEpochMs: now }, chain.funds, chain.currencies, existing);
    if (!outcome.ok || outcome.replayed) return answer(outcome);
    const written = await this.write(outcome.deltas, true, grantActions(this.deps, outcome.lease), now);
    if (written === 'written') return answer(outcome);
    if (written.kind === 'refused') return written.result;
    // The id was taken meanwhile (a retried grant raced its first try): a replay or a refusal.
    const stored = await this.find(request.leaseId);
    if (!stored) throw new Error(`lease ${request.leaseId}: claimed but not stored`);
    return answer(grantLease({ ...request, nowEpochMs: now }, chain.funds, chain.currencies, stored));
  }

  topUp(edgeId: string, leaseId: string, topUp: { topUpId: string; amountMicros: number }) {
    return this.transition(() => this.find(leaseId), async (lease, nowEpochMs) => {
      const chain = await this.chainOf(lease);
      if (!chain) return refusal('chain_mismatch', `the levels of lease ${leaseId} changed`);
      return topUpLease(lease, { edgeId, ...topUp, nowEpochMs }, chain.funds, chain.currencies);
    });
  }

  close(edgeId: string, leaseId: string, callCount: number): Promise<LeaseResult> {
    return this.transition(
      () => this.find(leaseId),
      (lease) => closeLease(lease, { edgeId, callCount }),
    );
  }

  abandon(edgeId: string, leaseId: string, drained: boolean): Promise<LeaseResult> {
    return this.transition(
      () => this.find(leaseId),
      (lease) => abandonLease(lease, { edgeId, drained }),
    );
  }

  /** The sweeper: an abandoned, drained lease past expiry + max call length + grace. */
  release(accountId: string, leaseId: string): Promise<LeaseResult> {
    return this.transition(
      () => this.get(accountId, leaseId),
      async (lease, nowEpochMs) => {
        const profile = await this.deps.accounts.get(lease.accountId);
        const maxCallSeconds = profile?.maxCallSeconds ?? 0;
        return releaseLease(lease, { nowEpochMs, maxCallSeconds });
      },
    );
  }

  /** An operator returns the unused part at once; audited in the same transaction. */
  writeOff(accountId: string, leaseId: string, request: WriteOffAudit): Promise<LeaseResult> {
    return this.transition(
      () => this.get(accountId, leaseId),
      (lease, nowEpochMs) => writeOffLease(lease, { ...request, nowEpochMs }),
      request,
    );
  }

  private async transition(
    load: () => Promise<Lease | undefined>,
    decide: Decide,
    audit?: WriteOffAudit,
  ): Promise<LeaseResult> {
    for (let attempt = 1; attempt <= LEASE_CHANGE_ATTEMPTS; attempt += 1) {
      const lease = await load();
      if (!lease) return refusal('lease_not_found', 'no such lease');
      const now = this.deps.clock.nowEpochMs();
      const outcome = await decide(lease, now);
      if (!outcome.ok || outcome.replayed) return answer(outcome);
      const actions = await transitionActions(this.deps, lease, outcome.lease, now, audit);
      const written = await this.write(outcome.deltas, true, actions, now);
      if (written === 'written') return answer(outcome);
      if (written.kind === 'refused') return written.result;
      await this.deps.backoff.sleep(Math.floor(this.deps.backoff.random() * 10 * attempt));
    }
    throw new Error('lease: kept changing under its writers');
  }

  /** The levels of a lease as they are now, or undefined when the account's chain moved. */
  private async chainOf(lease: Lease): Promise<LeaseChain | undefined> {
    const chain = await readChain(this.deps, lease.accountId);
    if (!chain.ok) return undefined;
    const same = chain.funds.every((f, i) => f.accountId === lease.levels[i]?.accountId);
    return same && chain.funds.length === lease.levels.length ? chain : undefined;
  }

  private async write(
    deltas: readonly LevelDelta[],
    guarded: boolean,
    actions: readonly LeaseAction[],
    nowEpochMs: number,
  ): Promise<'written' | { kind: 'lease' } | { kind: 'refused'; result: LeaseResult }> {
    const reservations = deltas
      .filter((delta) => delta.reservedMicros !== 0)
      .map((delta) => ({
        accountId: delta.accountId,
        reservedDeltaMicros: delta.reservedMicros,
        requiredAvailableMicros: guarded && delta.reservedMicros > 0 ? delta.reservedMicros : 0,
      }));
    const write = planWrite([], { floor: 'may_overdraw', createdAtEpochMs: nowEpochMs, reservations });
    const { documents, ledgerTable, backoff } = this.deps;
    const outcome = await runLeaseWrite(documents, ledgerTable, write, actions, backoff);
    if (outcome.status === 'written') return 'written';
    return interpret(outcome.failed);
  }

  private async read(key: { pk: string; sk: string }) {
    const { Item } = await this.deps.documents.send(
      new GetCommand({ TableName: this.deps.ledgerTable, Key: key, ConsistentRead: true }),
    );
    return Item;
  }
}

/** A failed balance condition refuses (naming the level); a failed lease condition retries. */
function interpret(
  failed: readonly FailedAction[],
): { kind: 'lease' } | { kind: 'refused'; result: LeaseResult } {
  const balance = failed.find((f) => f.kind === 'balance');
  if (balance && 'accountId' in balance) {
    const result = balance.item
      ? refusal('insufficient_funds', `${balance.accountId} cannot cover its part of the lease`, {
          field: 'amountMicros',
          accountId: balance.accountId,
        })
      : accountMissing(balance.accountId);
    return { kind: 'refused', result };
  }
  if (failed.some((f) => f.kind === 'lease' || f.kind === 'lease_id')) return { kind: 'lease' };
  throw new Error(`lease write cancelled by ${failed.map((f) => f.kind).join(', ')}`);
}

function answer(outcome: LeaseOutcome): LeaseResult {
  return outcome.ok ? { ok: true, lease: outcome.lease, replayed: outcome.replayed } : outcome;
}

function accountMissing(accountId: string): LeaseResult {
  return { ok: false, code: 'account_not_found', accountId, message: `no account ${accountId}` };
}
