/**
 * One lease as this edge keeps it: the purse (`core/leases/purse.ts`: what it may still spend,
 * the live calls' holds, in memory) and what the lease's life needs here — its state, the
 * account's max call length (the latest a call under it can end) and the spool position of its
 * newest CDR (it closes once the sender shipped up to there). `active`: calls are authorized
 * from it; `retired`: no new calls, it closes when its calls ended and their CDRs were
 * accepted; `abandoned`: it was open when the edge stopped uncleanly (or lost a call's CDR),
 * the cloud releases it after its expiry.
 */
import { RING_ALLOWANCE_MS } from '../../core/authorization/channels';
import { drainableAtEpochMs, LeasePurse } from '../../core/leases';
import type { WireLease } from '../cloud/leases-client';
import { comparePositions, type SpoolPosition } from '../spool/cursor';
import type { StoredLease } from './lease-file';

export type EdgeLeaseState = StoredLease['state'];

export class EdgeLease {
  /** Newest CDR spooled under this lease (this run), or null. */
  lastSpooled: SpoolPosition | null = null;
  /** A call's CDR never came (its hold was given up): the lease is abandoned, not closed. */
  lostCall = false;
  lastCallAtEpochMs: number;

  constructor(
    readonly purse: LeasePurse,
    public state: EdgeLeaseState,
    readonly maxCallSeconds: number,
    public reported: StoredLease['reported'],
    /** Known from before this start: its CDRs may sit anywhere in the spool as it was found. */
    readonly fromEarlierRun: boolean,
    /** CDRs counted before this start (a lease kept over a clean restart). */
    private readonly callsBefore: number,
    nowEpochMs: number,
  ) {
    this.lastCallAtEpochMs = nowEpochMs;
  }

  get leaseId(): string {
    return this.purse.lease.leaseId;
  }

  get accountId(): string {
    return this.purse.lease.accountId;
  }

  /** A-leg CDRs spooled under the lease: the close's `callCount`. */
  get callCount(): number {
    return this.callsBefore + this.purse.endedCalls;
  }

  /**
   * When `drained` may be confirmed: the model's instant (expiry + max call length + skew
   * margin) plus ringing before answer, which the max call length does not count.
   */
  drainableAtEpochMs(): number {
    return drainableAtEpochMs(this.purse.lease, this.maxCallSeconds) + RING_ALLOWANCE_MS;
  }

  spooled(position: SpoolPosition): void {
    if (this.lastSpooled === null || comparePositions(position, this.lastSpooled) > 0) this.lastSpooled = position;
  }

  toStored(): StoredLease {
    const levels = this.purse.levels().map(({ accountId, currency, reservedMicros, consumedMicros }) => ({
      accountId,
      currency,
      reservedMicros,
      consumedMicros,
    }));
    const lease = { ...this.purse.lease, levels };
    return { lease, state: this.state, maxCallSeconds: this.maxCallSeconds, callCount: this.callCount, reported: this.reported };
  }
}

export interface LeaseTiming {
  readonly skewMarginMs: number;
}

/** A lease the cloud just granted. */
export function grantedLease(lease: WireLease, maxCallSeconds: number, timing: LeaseTiming, nowEpochMs: number): EdgeLease {
  return new EdgeLease(new LeasePurse(lease, timing.skewMarginMs), 'active', maxCallSeconds, 'no', false, 0, nowEpochMs);
}

/** A lease from the file: kept as it was after a clean stop, else abandoned. */
export function restoredLease(stored: StoredLease, clean: boolean, timing: LeaseTiming, nowEpochMs: number): EdgeLease {
  const purse = new LeasePurse(stored.lease, timing.skewMarginMs);
  const state = clean ? stored.state : 'abandoned';
  return new EdgeLease(purse, state, stored.maxCallSeconds, stored.reported, true, stored.callCount, nowEpochMs);
}

/** A lease the cloud holds for this edge that the file did not name (lost file, crash mid-grant). */
export function unknownLease(lease: WireLease, maxCallSeconds: number, timing: LeaseTiming, nowEpochMs: number): EdgeLease {
  const reported = lease.state === 'abandoned' ? 'abandoned' : 'no';
  return new EdgeLease(new LeasePurse(lease, timing.skewMarginMs), 'abandoned', maxCallSeconds, reported, true, 0, nowEpochMs);
}
