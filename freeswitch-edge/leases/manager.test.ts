// Proves the edge's lease manager on an injected clock against an in-memory cloud built on the
// core lease model: a call finds money only in the account's lease (a grant on first need),
// holds its cost at its max and gets the rest back when its CDR is spooled; money is asked for
// ahead of expiry and when low, halved when refused; retired leases close with their call count
// only once their CDRs were shipped; with the cloud unreachable the edge spends what it holds
// and stops at expiry − margin; after an unclean restart leases are abandoned, then reported
// drained; after a clean one they are used again; leases the cloud holds that the edge forgot
// are abandoned.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConversionTable } from '../../core/chain/currency';
import type { ChainLevel } from '../../core/chain/prices';
import { abandonLease, closeLease, FIRST_LEASE_MICROS, grantLease, topUpLease, type Lease } from '../../core/leases';
import { DEFAULT_BILLABLE_RULES } from '../../core/rating/billable';
import { NO_MARKUP } from '../../core/rating/rate';
import type { LeaseCallOutcome, LeasesCloud } from '../cloud/leases-client';
import type { EndedCall } from '../spool/receive-cdr';
import { leaseFileStore } from './lease-file';
import { LeaseManager, type LeaseLimits } from './manager';
import { leaseUpkeep } from './upkeep';

const START = 1_800_000_000_000;
const LIMITS: LeaseLimits = {
  ttlSeconds: 600,
  skewMarginMs: 30_000,
  renewAheadMs: 60_000,
  idleCloseMs: 3_600_000,
  retryAfterMs: 5_000,
  waitMs: 1_000,
};
const table = (() => {
  const parsed = ConversionTable.parse([]);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.table;
})();
/** 0.06 a minute by the second: a 60 s hold is 60,000 micros. */
const terms = { connectMicros: 0, includedSeconds: 0, perMinuteMicros: 60_000, initialIncrementSeconds: 1, incrementSeconds: 1 };
const levels: ChainLevel[] = [
  { account: 'c1', currency: 'USD', rate: { terms, pricing: NO_MARKUP, currency: 'USD' } },
  { account: 'r1', currency: 'USD', rate: { terms, pricing: NO_MARKUP, currency: 'USD' } },
];
const pricing = { levels, table, rules: DEFAULT_BILLABLE_RULES };

/** The cloud's side, on the core model: one balance per account, reservations applied. */
class ModelCloud implements LeasesCloud {
  readonly balances = new Map([
    ['c1', 10_000_000],
    ['r1', 100_000_000],
  ]);
  readonly reserved = new Map<string, number>();
  readonly leases = new Map<string, Lease>();
  readonly calls: string[] = [];
  down = false;

  constructor(private readonly now: () => number) {}

  private funds(accountId: string) {
    return ['c1', 'r1'].slice(accountId === 'c1' ? 0 : 1).map((id) => ({
      accountId: id,
      currency: 'USD',
      mode: 'prepaid' as const,
      balanceMicros: this.balances.get(id)!,
      creditLimitMicros: 0,
      reservedMicros: this.reserved.get(id) ?? 0,
    }));
  }

  private apply(name: string, outcome: ReturnType<typeof grantLease>): LeaseCallOutcome {
    this.calls.push(name);
    if (this.down) return { ok: false, kind: 'unreachable', reason: 'cut' };
    if (!outcome.ok) return { ok: false, kind: 'refused', status: 402, code: outcome.code };
    for (const delta of outcome.deltas) {
      this.reserved.set(delta.accountId, (this.reserved.get(delta.accountId) ?? 0) + delta.reservedMicros);
    }
    this.leases.set(outcome.lease.leaseId, outcome.lease);
    return { ok: true, lease: outcome.lease };
  }

  async grant(request: { leaseId: string; accountId: string; amountMicros: number; ttlSeconds?: number }) {
    const granted = grantLease({ ...request, edgeId: 'e1', nowEpochMs: this.now() }, this.funds(request.accountId), CURRENCIES, this.leases.get(request.leaseId));
    return this.apply(`grant ${request.amountMicros}`, granted);
  }

  async topUp(leaseId: string, topUpId: string, amountMicros: number) {
    const request = { edgeId: 'e1', topUpId, amountMicros, nowEpochMs: this.now() };
    return this.apply(`top-up ${amountMicros}`, topUpLease(this.leases.get(leaseId)!, request, this.funds('c1'), CURRENCIES));
  }

  async close(leaseId: string, callCount: number) {
    return this.apply(`close ${leaseId} ${callCount}`, closeLease(this.leases.get(leaseId)!, { edgeId: 'e1', callCount }));
  }

  async abandon(leaseId: string, drained: boolean) {
    return this.apply(`abandon ${leaseId} ${drained}`, abandonLease(this.leases.get(leaseId)!, { edgeId: 'e1', drained }));
  }

  async list() {
    if (this.down) return { ok: false as const, kind: 'unreachable' as const, reason: 'cut' };
    return { ok: true as const, leases: [...this.leases.values()].filter((lease) => lease.state === 'active') };
  }
}

const CURRENCIES = { baseCurrency: 'USD', rates: [] };

let now: number;
let cloud: ModelCloud;
let dataDir: string;
let ids: number;

function manager(limits: LeaseLimits = LIMITS): LeaseManager {
  return new LeaseManager({
    cloud,
    store: leaseFileStore(dataDir, () => undefined),
    clock: () => now,
    newId: () => `L${(ids += 1)}`,
    limits,
    maxCallSecondsOf: () => 3_600,
    log: () => undefined,
  });
}

const ended = (uuid: string, lease: string, billsec: number, offset: number): EndedCall => ({
  uuid,
  lease,
  billsec,
  billmsec: billsec * 1000,
  hangupCause: 'NORMAL_CLEARING',
  position: { segment: 1, offset },
});

beforeEach(() => {
  now = START;
  cloud = new ModelCloud(() => now);
  dataDir = mkdtempSync(join(tmpdir(), 'lease-manager-'));
  ids = 0;
});

describe('lease manager', () => {
  it('finds money only in a lease: granted on need, held at the max, the rest back at the CDR', async () => {
    const leases = manager();
    await leases.start(0);
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(0);
    await leases.replenish('c1');
    expect(cloud.calls).toEqual([`grant ${FIRST_LEASE_MICROS}`]);
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(FIRST_LEASE_MICROS);
    expect(leases.availableMicros('c1', 1, 'r1', now)).toBe(FIRST_LEASE_MICROS);
    expect(leases.availableMicros('c1', 1, 'someone-else', now)).toBe(0);
    // Act: two concurrent calls of 600 s max each hold 600,000; the second finds 400,000 left.
    expect(leases.hold('call-1', 'c1', pricing, 600, now)).toBe('L1');
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(400_000);
    expect(leases.hold('call-2', 'c1', pricing, 600, now)).toBeNull();
    leases.callsEnded([ended('call-1', 'L1', 90, 100)]);
    // Assess: 90 s cost 90,000; the rest of the hold came back.
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(FIRST_LEASE_MICROS - 90_000);
    expect(leases.active.get('c1')!.callCount).toBe(1);
    leases.callsEnded([ended('call-1', 'L1', 90, 100)]);
    expect(leases.active.get('c1')!.callCount).toBe(1);
  });

  it('renews ahead of expiry; the retired lease closes with its count once its CDRs shipped', async () => {
    const leases = manager();
    await leases.start(0);
    await leases.replenish('c1');
    // 300 s max: the call can still be up 510 s later (max + ringing), so it is not given up.
    leases.hold('a', 'c1', pricing, 300, now);
    now = START + (LIMITS.ttlSeconds * 1000 - LIMITS.skewMarginMs - LIMITS.renewAheadMs);
    await leaseUpkeep(leases);
    await leases.settled();
    expect(cloud.calls.at(-1)).toBe(`grant ${FIRST_LEASE_MICROS}`);
    expect(leases.active.get('c1')!.leaseId).toBe('L2');
    expect(leases.leases.get('L1')!.state).toBe('retired');
    // A live call keeps L1 open; its CDR spooled but not shipped still does.
    await leaseUpkeep(leases);
    expect(cloud.calls.some((call) => call.startsWith('close'))).toBe(false);
    leases.callsEnded([ended('a', 'L1', 30, 500)]);
    await leaseUpkeep(leases);
    expect(cloud.calls.some((call) => call.startsWith('close'))).toBe(false);
    leases.progress.acknowledged(1, { segment: 1, offset: 500 });
    await leaseUpkeep(leases);
    expect(cloud.calls, JSON.stringify(cloud.calls)).toContain('close L1 1');
    expect(cloud.leases.get('L1')!.state).toBe('closing');
    expect(leases.leases.has('L1')).toBe(false);
  });

  it('tops up a low lease and halves an ask the cloud refuses for funds', async () => {
    cloud.balances.set('c1', 1_500_000);
    const leases = manager();
    await leases.start(0);
    await leases.replenish('c1');
    leases.hold('a', 'c1', pricing, 900, now);
    await leaseUpkeep(leases);
    await leases.settled();
    // 1.00 asked, only 0.50 left in the account: refused, then 0.50 granted as a top-up.
    expect(cloud.calls).toEqual([`grant ${FIRST_LEASE_MICROS}`, `top-up ${FIRST_LEASE_MICROS}`, 'top-up 500000']);
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(1_500_000 - 900_000);
    expect(cloud.reserved.get('c1')).toBe(1_500_000);
  });

  it('holds what the rater can charge: one second more under billmsec_ceil, at least the minimum', async () => {
    const leases = manager();
    await leases.start(0);
    await leases.replenish('c1');
    const ceil = { ...pricing, rules: { ...DEFAULT_BILLABLE_RULES, duration: 'billmsec_ceil' as const } };
    const minimum = { ...pricing, rules: { ...DEFAULT_BILLABLE_RULES, minimumBillableSeconds: 120 } };
    expect(leases.hold('ceil', 'c1', ceil, 60, now)).toBe('L1');
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(FIRST_LEASE_MICROS - 61_000);
    expect(leases.hold('minimum', 'c1', minimum, 60, now)).toBe('L1');
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(FIRST_LEASE_MICROS - 61_000 - 120_000);
    // A 10 s call under the minimum is charged 120 s: the hold is kept, nothing comes back.
    leases.callsEnded([ended('minimum', 'L1', 10, 100)]);
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(FIRST_LEASE_MICROS - 61_000 - 120_000);
  });

  it('an edge clock far ahead of the cloud\'s does not re-grant unused leases in a loop', async () => {
    // The cloud's clock is an hour behind the edge's: every lease it grants is over here.
    cloud = new ModelCloud(() => now - 3_600_000);
    const leases = manager();
    await leases.start(0);
    await leases.replenish('c1');
    for (let round = 0; round < 5; round += 1) {
      await leaseUpkeep(leases);
      await leases.settled();
      now += LIMITS.retryAfterMs;
    }
    expect(cloud.calls.filter((call) => call.startsWith('grant'))).toEqual([`grant ${FIRST_LEASE_MICROS}`]);
    expect(leases.health()).toMatchObject({ active: 0, retired: 0, unanswered: 0 });
  });

  it('with the cloud cut, spends what it holds, stops at expiry − margin, refuses fast', async () => {
    const leases = manager();
    await leases.start(0);
    await leases.replenish('c1');
    cloud.down = true;
    expect(leases.hold('a', 'c1', pricing, 60, now)).toBe('L1');
    now = START + LIMITS.ttlSeconds * 1000 - LIMITS.skewMarginMs - 1;
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(FIRST_LEASE_MICROS - 60_000);
    now += 1;
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(0);
    expect(leases.hold('b', 'c1', pricing, 1, now)).toBeNull();
    await leaseUpkeep(leases);
    await leases.settled();
    expect(leases.mayReplenish('c1', now)).toBe(false);
    expect(leases.mayReplenish('c1', now + LIMITS.retryAfterMs)).toBe(true);
    // A lost answer is asked again as the same grant (a replay), not as a second lease.
    cloud.down = false;
    await leases.replenish('c1');
    expect(cloud.calls.filter((call) => call.startsWith('grant')).length).toBe(3);
    expect(leases.active.get('c1')!.leaseId).toBe('L2');
  });

  it('after an unclean stop abandons its leases, then reports them drained', async () => {
    const first = manager();
    await first.start(0);
    await first.replenish('c1');
    first.hold('live', 'c1', pricing, 60, now);
    await first.flush();
    // kill -9: no shutdown. The restart finds 3 unsent spool records.
    const second = manager();
    await second.start(3);
    expect(second.leases.get('L1')!.state).toBe('abandoned');
    expect(second.availableMicros('c1', 0, 'c1', now)).toBe(0);
    await leaseUpkeep(second);
    expect(cloud.calls.at(-1)).toBe('abandon L1 false');
    now = second.leases.get('L1')!.drainableAtEpochMs();
    await leaseUpkeep(second);
    expect(cloud.calls.at(-1)).toBe('abandon L1 false');
    second.progress.acknowledged(3, { segment: 1, offset: 900 });
    await leaseUpkeep(second);
    expect(cloud.calls.at(-1)).toBe('abandon L1 true');
    expect(cloud.leases.get('L1')).toMatchObject({ state: 'abandoned', drained: true });
    expect(second.leases.size).toBe(0);
  });

  it('after a clean stop uses its lease again with what it had spent', async () => {
    const first = manager();
    await first.start(0);
    await first.replenish('c1');
    first.hold('a', 'c1', pricing, 60, now);
    first.callsEnded([ended('a', 'L1', 10, 100)]);
    await first.shutdown();
    const second = manager();
    await second.start(0);
    expect(second.availableMicros('c1', 0, 'c1', now)).toBe(FIRST_LEASE_MICROS - 10_000);
    expect(second.active.get('c1')!.callCount).toBe(1);
    // The file now says "not clean": a crash from here abandons it.
    const third = manager();
    await third.start(0);
    expect(third.leases.get('L1')!.state).toBe('abandoned');
  });

  it('stops using a kept lease the cloud no longer holds as active', async () => {
    const first = manager();
    await first.start(0);
    await first.replenish('c1');
    await first.shutdown();
    const lease = cloud.leases.get('L1')!;
    cloud.leases.set('L1', { ...lease, state: 'written_off' });
    const second = manager();
    await second.start(0);
    await second.replenish('c1');
    expect(second.leases.get('L1')!.state).toBe('retired');
    expect(second.active.get('c1')!.leaseId).toBe('L2');
  });

  it('gives up a call whose CDR never came: its money stays spent, its lease is abandoned', async () => {
    const leases = manager();
    await leases.start(0);
    await leases.replenish('c1');
    leases.hold('lost', 'c1', pricing, 60, now);
    // Past its max length plus ringing: it cannot be up, yet its CDR may still reach the cloud.
    now += 60_000 + 300_000;
    await leaseUpkeep(leases);
    expect(leases.holds.size).toBe(0);
    expect(leases.availableMicros('c1', 0, 'c1', now)).toBe(FIRST_LEASE_MICROS - 60_000);
    now = START + LIMITS.ttlSeconds * 1000;
    await leaseUpkeep(leases);
    await leases.settled();
    await leaseUpkeep(leases);
    expect(leases.leases.get('L1')!.state).toBe('abandoned');
    expect(cloud.calls).toContain('abandon L1 false');
    expect(cloud.calls.some((call) => call.startsWith('close L1'))).toBe(false);
  });

  it('closes a lease no call used for idleCloseMs', async () => {
    const leases = manager({ ...LIMITS, idleCloseMs: 120_000 });
    await leases.start(0);
    await leases.replenish('c1');
    now += 120_000 - 1;
    await leaseUpkeep(leases);
    expect(leases.active.get('c1')!.state).toBe('active');
    now += 1;
    await leaseUpkeep(leases);
    expect(leases.active.has('c1')).toBe(false);
    await leaseUpkeep(leases);
    expect(cloud.calls).toEqual([`grant ${FIRST_LEASE_MICROS}`, 'close L1 0']);
    expect(cloud.leases.get('L1')!.state).toBe('closed');
    expect(cloud.reserved.get('c1')).toBe(0);
  });

  it('abandons leases the cloud holds for it that it does not know', async () => {
    await cloud.grant({ leaseId: 'forgotten', accountId: 'c1', amountMicros: 200_000 });
    const leases = manager();
    await leases.start(0);
    await leases.replenish('c1');
    expect(leases.leases.get('forgotten')!.state).toBe('abandoned');
    await leaseUpkeep(leases);
    expect(cloud.calls).toContain('abandon forgotten false');
  });
});
