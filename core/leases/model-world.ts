/**
 * The system the lease model test (`model.test.ts`) drives: an in-memory cloud (balance items,
 * lease items, the rater's CDR dedup) that applies the pure transitions' deltas the way the
 * DynamoDB store does, edges with their in-memory purses and durable CDR spools, and the calls
 * FreeSWITCH keeps running whatever happens to the edge. Plus the bookkeeping the invariant
 * needs: per account, the charges, credits and late charges on written-off leases. Test support
 * only; nothing in production imports it.
 */
import type { PricedRate } from '../chain/prices';
import type { BillingMode } from '../ledger/available';
import type { LeaseCurrencies } from './conversion';
import { grantLease, topUpLease, type GrantRequest, type LevelFunds } from './grant';
import { outstandingMicros, refusal } from './lease';
import type { Lease, LeaseOutcome, LevelDelta } from './lease';
import { LeasePurse } from './purse';
import { settleBeyondLease, settleOnLease, settleWithoutLease } from './settle';
import type { LeaseCharge, SettleOutcome } from './settle';
import { abandonLease, closeLease, releaseLease, writeOffLease } from './transitions';

export interface AccountSetup {
  readonly accountId: string;
  /** null: directly under the operator. */
  readonly parentId: string | null;
  readonly currency: string;
  readonly mode: BillingMode;
  readonly balanceMicros: number;
  readonly creditLimitMicros: number;
  readonly maxCallSeconds: number;
  /** What this account pays for a call: its parent's sell rate. */
  readonly rate: PricedRate;
}

export interface Totals {
  /** balance + credit limit at the start. */
  readonly startMicros: number;
  creditsMicros: number;
  chargesMicros: number;
  /** Charges settled on written-off leases after the write-off: the documented exception. */
  lateWrittenOffMicros: number;
}

export interface Cdr {
  readonly uuid: string;
  readonly leaseId: string;
  readonly charges: readonly LeaseCharge[];
}

interface BalanceRow extends LevelFunds {
  readonly maxCallSeconds: number;
}

export class ModelCloud {
  readonly balances = new Map<string, BalanceRow>();
  readonly leases = new Map<string, Lease>();
  readonly totals = new Map<string, Totals>();
  private readonly settled = new Set<string>();
  private readonly parents = new Map<string, string | null>();
  /**
   * Settlements a correct system never makes: refused charges (posted all the same), unknown
   * leases, late ones on closed or released leases.
   */
  readonly anomalies: string[] = [];

  constructor(
    accounts: readonly AccountSetup[],
    readonly currencies: LeaseCurrencies,
  ) {
    for (const a of accounts) {
      const { accountId, currency, mode, balanceMicros, creditLimitMicros, maxCallSeconds } = a;
      const row = { accountId, currency, mode, balanceMicros, creditLimitMicros, maxCallSeconds };
      this.balances.set(accountId, { ...row, reservedMicros: 0 });
      const limit = mode === 'postpaid' ? creditLimitMicros : 0;
      this.totals.set(accountId, {
        startMicros: balanceMicros + limit,
        creditsMicros: 0,
        chargesMicros: 0,
        lateWrittenOffMicros: 0,
      });
      this.parents.set(accountId, a.parentId);
    }
  }

  /** The account, then each reseller above it (the operator is not an account here). */
  chainOf(accountId: string): string[] {
    const chain: string[] = [];
    for (let id: string | null = accountId; id !== null; id = this.parents.get(id) ?? null) {
      chain.push(id);
    }
    return chain;
  }

  grant(request: GrantRequest): LeaseOutcome {
    const funds = this.fundsOf(request.accountId);
    const existing = this.leases.get(request.leaseId);
    return this.store(grantLease(request, funds, this.currencies, existing));
  }

  topUp(leaseId: string, request: Parameters<typeof topUpLease>[1]): LeaseOutcome {
    const lease = this.leases.get(leaseId);
    if (lease === undefined) return notFound(leaseId);
    return this.store(topUpLease(lease, request, this.fundsOf(lease.accountId), this.currencies));
  }

  close(leaseId: string, request: Parameters<typeof closeLease>[1]): LeaseOutcome {
    const lease = this.leases.get(leaseId);
    return lease === undefined ? notFound(leaseId) : this.store(closeLease(lease, request));
  }

  abandon(leaseId: string, request: Parameters<typeof abandonLease>[1]): LeaseOutcome {
    const lease = this.leases.get(leaseId);
    return lease === undefined ? notFound(leaseId) : this.store(abandonLease(lease, request));
  }

  writeOff(leaseId: string, nowEpochMs: number): LeaseOutcome {
    const lease = this.leases.get(leaseId);
    if (lease === undefined) return notFound(leaseId);
    const request = { reason: 'edge lost', actor: 'user:admin', nowEpochMs };
    return this.store(writeOffLease(lease, request));
  }

  /** The release sweeper: every abandoned lease it may release. */
  sweep(nowEpochMs: number): number {
    let released = 0;
    for (const lease of [...this.leases.values()]) {
      if (lease.state !== 'abandoned') continue;
      const maxCallSeconds = this.balances.get(lease.accountId)!.maxCallSeconds;
      const outcome = this.store(releaseLease(lease, { nowEpochMs, maxCallSeconds }));
      if (outcome.ok) released += 1;
    }
    return released;
  }

  credit(accountId: string, amountMicros: number): void {
    this.apply([{ accountId, balanceMicros: amountMicros, reservedMicros: 0 }]);
    this.totals.get(accountId)!.creditsMicros += amountMicros;
  }

  /** The rater: each CDR uuid once; never loses a charge. */
  settle(cdr: Cdr): SettleOutcome | 'replayed' {
    if (this.settled.has(cdr.uuid)) return 'replayed';
    const lease = this.leases.get(cdr.leaseId);
    if (lease === undefined) {
      this.anomalies.push(`${cdr.uuid}: unknown lease`);
      this.post(cdr, settleWithoutLease(cdr.charges), false);
      return notFound(cdr.leaseId);
    }
    const outcome = settleOnLease(lease, cdr.charges);
    if (!outcome.ok) this.anomalies.push(`${cdr.uuid}: ${outcome.code}`);
    return this.record(cdr, outcome.ok ? outcome : settleBeyondLease(lease, cdr.charges));
  }

  private record(cdr: Cdr, outcome: SettleOutcome): SettleOutcome {
    if (!outcome.ok) throw new Error(`${cdr.uuid}: ${outcome.code}`);
    const writtenOff = outcome.late && outcome.lease.state === 'written_off';
    if (outcome.late && !writtenOff) {
      this.anomalies.push(`${cdr.uuid}: late on ${outcome.lease.state}`);
    }
    this.leases.set(outcome.lease.leaseId, outcome.lease);
    this.post(cdr, outcome.deltas, writtenOff);
    return outcome;
  }

  /** Everything a refused command must leave as it was. */
  fingerprint(): string {
    const state = [[...this.balances], [...this.leases], [...this.totals], this.settled.size];
    return JSON.stringify(state);
  }

  /** Per account: Σ outstanding of the leases holding money there. */
  outstandingOf(accountId: string): number {
    let total = 0;
    for (const lease of this.leases.values()) {
      for (const level of lease.levels) {
        if (level.accountId === accountId) total += outstandingMicros(lease, level);
      }
    }
    return total;
  }

  private post(cdr: Cdr, deltas: readonly LevelDelta[], writtenOff: boolean): void {
    this.settled.add(cdr.uuid);
    this.apply(deltas);
    for (const charge of cdr.charges) {
      const totals = this.totals.get(charge.accountId)!;
      totals.chargesMicros += charge.chargeMicros;
      if (writtenOff) totals.lateWrittenOffMicros += charge.chargeMicros;
    }
  }

  private fundsOf(accountId: string): LevelFunds[] {
    return this.chainOf(accountId).map((id) => this.balances.get(id)!);
  }

  private store(outcome: LeaseOutcome): LeaseOutcome {
    if (outcome.ok && !outcome.replayed) {
      this.leases.set(outcome.lease.leaseId, outcome.lease);
      this.apply(outcome.deltas);
    }
    return outcome;
  }

  private apply(deltas: readonly LevelDelta[]): void {
    for (const delta of deltas) {
      const row = this.balances.get(delta.accountId);
      if (row === undefined) throw new Error(`no balance item ${delta.accountId}`);
      this.balances.set(delta.accountId, {
        ...row,
        balanceMicros: row.balanceMicros + delta.balanceMicros,
        reservedMicros: row.reservedMicros + delta.reservedMicros,
      });
    }
  }
}

function notFound(leaseId: string): LeaseOutcome & { ok: false } {
  return refusal('lease_not_found', `no lease ${leaseId}`);
}

/** A call FreeSWITCH runs: it survives an edge restart, and is cut at its authorized maximum. */
export interface LiveCall {
  readonly uuid: string;
  readonly edgeId: string;
  readonly leaseId: string;
  readonly accountId: string;
  readonly startedAtEpochMs: number;
  readonly maxSeconds: number;
  /** The edge's life the call was authorized in: its purse exists only in that life. */
  readonly edgeLife: number;
}

export class ModelEdge {
  /** In memory: lost by a crash. */
  purses = new Map<string, LeasePurse>();
  /** Persisted with the snapshot: the ids of the leases this edge took. */
  readonly owned = new Set<string>();
  /** The durable spool: CDRs not yet accepted by the cloud. */
  readonly spool: Cdr[] = [];
  readonly shipped: Cdr[] = [];
  life = 0;

  constructor(
    readonly edgeId: string,
    /** This edge's clock minus the cloud's, within the skew margin. */
    public clockOffsetMs: number,
  ) {}

  /** kill -9 and restart: memory is gone, and the clock may have been stepped meanwhile. */
  crash(clockOffsetMs: number): void {
    this.purses = new Map();
    this.life += 1;
    this.clockOffsetMs = clockOffsetMs;
  }
}
