/**
 * The edge's credit leases, per account: calls are authorized only from the account's active
 * lease (`availableMicros`, the funds source of `core/authorization`), each call holds its cost
 * at its max duration (`hold`) until its CDR is spooled (`callEnded`). Money is asked for when
 * a call finds none (`replenish`, awaited briefly by the dialplan answer) and ahead of need by
 * the upkeep (`upkeep.ts`): a top-up or a new lease before the active one runs low or reaches
 * its expiry minus the clock-skew margin; leases no longer used are closed once their calls
 * ended and their CDRs were shipped. Lease ids and states go to disk (`lease-file.ts`), holds
 * never. With the cloud unreachable, calls go on from what the edge holds and are refused
 * (`insufficient_funds`) when that is spent or expired.
 */
import type { CallFunds } from '../../core/authorization/authorize';
import { nextLeaseAmountMicros, type PurseLevel } from '../../core/leases';
import type { LeasesCloud, WireLease } from '../cloud/leases-client';
import type { EndedCall } from '../spool/receive-cdr';
import { CallHolds } from './call-holds';
import { grantedLease, restoredLease, unknownLease, type EdgeLease } from './edge-lease';
import type { LeaseFileStore } from './lease-file';
import { grantFor, topUpFor, type Obtained, type PendingGrant } from './obtain';
import type { CallPricing } from './call-holds';
import { RecentSpend } from './recent-spend';
import { SpoolProgress } from './spool-progress';

export interface LeaseLimits {
  readonly ttlSeconds: number;
  readonly skewMarginMs: number;
  readonly renewAheadMs: number;
  /** An unused lease is closed after this long without a call (its money returns). */
  readonly idleCloseMs: number;
  /** After the cloud refused an account money (or did not answer), calls do not wait this long. */
  readonly retryAfterMs: number;
  /** How long a call that found no money waits for the cloud before it is refused. */
  readonly waitMs: number;
}

export interface LeaseManagerDeps {
  readonly cloud: LeasesCloud;
  readonly store: LeaseFileStore;
  readonly clock: () => number;
  readonly newId: () => string;
  readonly limits: LeaseLimits;
  /** The account's max call length from the snapshot (null: not in it). */
  readonly maxCallSecondsOf: (accountId: string) => number | null;
  readonly log: (event: string, fields: Record<string, unknown>) => void;
}

/** Leases by state here, requests for money in flight, grants whose answer was lost, calls holding money. */
export interface LeaseHealth {
  readonly active: number;
  readonly retired: number;
  readonly abandoned: number;
  readonly obtaining: number;
  readonly unanswered: number;
  readonly liveCalls: number;
}

/** Used for a lease whose account the snapshot does not know: the longest call there is. */
const UNKNOWN_MAX_CALL_SECONDS = 86_400;

export class LeaseManager implements CallFunds {
  /** Per account, the lease calls are authorized from. */
  readonly active = new Map<string, EdgeLease>();
  /** Every lease this edge still has business with, by id. */
  readonly leases = new Map<string, EdgeLease>();
  readonly holds = new CallHolds();
  readonly spend = new RecentSpend();
  progress = new SpoolProgress(0);
  /** Per account: no call waits for money before then (refused or unreachable just now). */
  readonly quietUntil = new Map<string, number>();
  private readonly replenishing = new Map<string, Promise<void>>();
  private readonly unanswered = new Map<string, PendingGrant>();
  private reconciled: Promise<boolean> | null = null;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;
  private levelsOf: EdgeLease | null = null;
  private levels: readonly PurseLevel[] = [];

  constructor(readonly deps: LeaseManagerDeps) {}

  get waitMs(): number {
    return this.deps.limits.waitMs;
  }

  /**
   * The authorization hot path, asked level by level, customer (0) first within one
   * synchronous authorization: the purse's levels are read once per call, at level 0, and
   * reused for the levels above (nothing can change them in between on one event loop).
   */
  availableMicros(accountId: string, level: number, levelAccountId: string, nowEpochMs: number): number {
    const lease = this.active.get(accountId);
    if (lease === undefined || !lease.purse.canAuthorize(nowEpochMs)) return 0;
    if (level === 0 || this.levelsOf !== lease) {
      this.levelsOf = lease;
      this.levels = lease.purse.levels();
    }
    const found = this.levels[level];
    return found?.accountId === levelAccountId ? found.remainingMicros : 0;
  }

  /** Holds an authorized call's cost at `maxSeconds`; its lease id, or null when it cannot pay. */
  hold(callUuid: string, accountId: string, pricing: CallPricing, maxSeconds: number, nowEpochMs: number): string | null {
    const lease = this.active.get(accountId);
    if (lease === undefined || !lease.purse.canAuthorize(nowEpochMs)) return null;
    return this.holds.hold(callUuid, lease, pricing, maxSeconds, nowEpochMs) ? lease.leaseId : null;
  }

  /** A second dialplan request for a call gives its first hold back before it is authorized again. */
  forgetCall(callUuid: string): void {
    this.holds.forget(callUuid);
  }

  /** A-leg CDRs the spool took: holds settle, leases learn where their newest CDR sits. */
  callsEnded(calls: readonly EndedCall[]): void {
    const now = this.deps.clock();
    for (const call of calls) {
      if (call.position === null) continue;
      const lease = call.lease === null ? undefined : this.leases.get(call.lease);
      const customerCost = this.holds.ended(call);
      if (lease === undefined) continue;
      lease.spooled(call.position);
      if (customerCost !== null) this.spend.add(lease.accountId, customerCost, now);
    }
  }

  /** Whether a call refused for funds should wait for money (not right after a refusal). */
  mayReplenish(accountId: string, nowEpochMs: number): boolean {
    return (this.quietUntil.get(accountId) ?? 0) <= nowEpochMs;
  }

  /** Gets money for the account (one request at a time per account); never rejects. */
  replenish(accountId: string): Promise<void> {
    const running = this.replenishing.get(accountId);
    if (running !== undefined) return running;
    const started = this.obtain(accountId)
      .catch((error: unknown) => this.deps.log('lease_obtain_failed', { accountId, error: String(error) }))
      .finally(() => this.replenishing.delete(accountId));
    this.replenishing.set(accountId, started);
    return started;
  }

  /** Accounts with a grant whose answer was lost: the upkeep asks again until it is known. */
  unansweredAccounts(): string[] {
    return [...this.unanswered.keys()];
  }

  /** Resolves once no request for money is in flight (clean stops, tests). */
  async settled(): Promise<void> {
    while (this.replenishing.size > 0) await Promise.all(this.replenishing.values());
  }

  private async obtain(accountId: string): Promise<void> {
    await this.reconcile();
    const now = this.deps.clock();
    const amountMicros = nextLeaseAmountMicros(this.spend.of(accountId, now));
    const current = this.active.get(accountId);
    const ports = { cloud: this.deps.cloud, newId: this.deps.newId, ttlSeconds: this.deps.limits.ttlSeconds, unanswered: this.unanswered };
    // A grant whose answer was lost is asked again first: it may hold money in the cloud.
    const topUp =
      !this.unanswered.has(accountId) &&
      current !== undefined &&
      current.purse.stopsAtEpochMs() - now > this.deps.limits.renewAheadMs;
    let outcome = topUp ? await topUpFor(current.leaseId, amountMicros, ports) : await grantFor(accountId, amountMicros, ports);
    if (topUp && !outcome.ok && outcome.kind === 'refused' && outcome.code === 'lease_not_active') {
      this.retire(current);
      outcome = await grantFor(accountId, amountMicros, ports);
    }
    this.adopt(accountId, outcome);
  }

  private adopt(accountId: string, outcome: Obtained): void {
    const now = this.deps.clock();
    if (!outcome.ok) {
      this.quietUntil.set(accountId, now + this.deps.limits.retryAfterMs);
      this.deps.log('lease_not_obtained', { accountId, ...outcome });
      return;
    }
    this.quietUntil.delete(accountId);
    if (outcome.kind === 'topped_up') {
      this.leases.get(outcome.lease.leaseId)?.purse.refresh(outcome.lease);
    } else {
      const previous = this.active.get(accountId);
      if (previous !== undefined) this.retire(previous);
      const lease = grantedLease(outcome.lease, this.maxCallSeconds(accountId), this.deps.limits, now);
      this.leases.set(lease.leaseId, lease);
      this.active.set(accountId, lease);
    }
    this.deps.log(`lease_${outcome.kind}`, { leaseId: outcome.lease.leaseId, accountId, levels: outcome.lease.levels });
    this.changed();
  }

  /** No new calls from it; it closes once its calls ended and their CDRs were shipped. */
  retire(lease: EdgeLease): void {
    if (lease.state !== 'active') return;
    lease.state = 'retired';
    if (this.active.get(lease.accountId) === lease) this.active.delete(lease.accountId);
    this.changed();
  }

  /**
   * Leases the cloud holds for this edge that this edge does not know (its file was lost, or it
   * stopped between a grant and writing it down) are abandoned: the cloud releases them later.
   * Done once, before the first grant; false while the cloud could not be asked.
   */
  reconcile(): Promise<boolean> {
    this.reconciled ??= this.deps.cloud.list().then((listed) => {
      if (!listed.ok) {
        this.reconciled = null;
        return false;
      }
      for (const lease of listed.leases) this.adoptUnknown(lease);
      this.retireEnded(new Map(listed.leases.map((lease) => [lease.leaseId, lease.state])));
      return true;
    });
    return this.reconciled;
  }

  /** Leases kept over a restart that the cloud no longer holds as active (closed, written off). */
  private retireEnded(states: ReadonlyMap<string, string>): void {
    for (const lease of [...this.active.values()]) {
      if (states.get(lease.leaseId) === 'active') continue;
      this.deps.log('lease_ended_in_cloud', { leaseId: lease.leaseId, state: states.get(lease.leaseId) ?? 'gone' });
      this.retire(lease);
    }
  }

  private adoptUnknown(lease: WireLease): void {
    if (this.leases.has(lease.leaseId) || lease.state === 'closing') return;
    if (lease.state === 'abandoned' && lease.drained === true) return;
    const now = this.deps.clock();
    const known = unknownLease(lease, this.maxCallSeconds(lease.accountId), this.deps.limits, now);
    this.leases.set(known.leaseId, known);
    this.deps.log('lease_unknown_abandoned', { leaseId: lease.leaseId, accountId: lease.accountId });
    this.changed();
  }

  maxCallSeconds(accountId: string): number {
    return this.deps.maxCallSecondsOf(accountId) ?? UNKNOWN_MAX_CALL_SECONDS;
  }

  /**
   * At start: the file's leases come back as they were after a clean stop, else abandoned; the
   * file is rewritten at once as not clean, so a crash from now on abandons them.
   */
  async start(unsentSpoolRecords: number): Promise<void> {
    this.progress = new SpoolProgress(unsentSpoolRecords);
    const file = await this.deps.store.load();
    const now = this.deps.clock();
    for (const stored of file?.leases ?? []) {
      const lease = restoredLease(stored, file?.clean === true, this.deps.limits, now);
      this.leases.set(lease.leaseId, lease);
      if (lease.state === 'active') this.active.set(lease.accountId, lease);
    }
    this.deps.log('leases_loaded', { clean: file?.clean ?? null, leases: file?.leases.length ?? 0 });
    await this.deps.store.save(this.fileOf(false));
  }

  /**
   * After the HTTP server stopped: leases with no call left live are kept for the next start;
   * the others are abandoned (their calls' CDRs may arrive after the restart).
   */
  async shutdown(): Promise<void> {
    await this.settled();
    for (const lease of this.leases.values()) {
      if (lease.state !== 'abandoned' && (lease.purse.liveCalls > 0 || lease.lostCall)) lease.state = 'abandoned';
    }
    await this.saving;
    await this.deps.store.save(this.fileOf(true));
  }

  changed(): void {
    this.dirty = true;
  }

  /** Writes the file when something changed since the last write (one write at a time). */
  flush(): Promise<void> {
    if (!this.dirty) return this.saving;
    this.dirty = false;
    const file = this.fileOf(false);
    this.saving = this.saving.then(() => this.deps.store.save(file)).catch((error: unknown) => {
      this.dirty = true;
      this.deps.log('lease_file_not_written', { error: String(error) });
    });
    return this.saving;
  }

  private fileOf(clean: boolean) {
    return { format: 1 as const, clean, leases: [...this.leases.values()].map((lease) => lease.toStored()) };
  }

  forgetLease(lease: EdgeLease): void {
    this.leases.delete(lease.leaseId);
    if (this.active.get(lease.accountId) === lease) this.active.delete(lease.accountId);
    this.changed();
  }

  health(): LeaseHealth {
    let retired = 0;
    let abandoned = 0;
    for (const lease of this.leases.values()) {
      if (lease.state === 'retired') retired += 1;
      if (lease.state === 'abandoned') abandoned += 1;
    }
    const obtaining = this.replenishing.size;
    return { active: this.active.size, retired, abandoned, obtaining, unanswered: this.unanswered.size, liveCalls: this.holds.size };
  }
}
