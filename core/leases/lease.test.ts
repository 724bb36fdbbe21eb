// Proves each lease transition on hand-computed numbers: grant and top-up hold every level (the
// reseller's in its own currency, rounded up) or refuse naming the short level; settlement turns
// reservation into charge; close, abandon, release and write-off return exactly the unused part;
// every refusal leaves the lease as it was.
import { describe, expect, it } from 'vitest';
import {
  abandonLease,
  closeLease,
  grantLease,
  releasableAtEpochMs,
  releaseLease,
  settleBeyondLease,
  settleOnLease,
  settleWithoutLease,
  topUpLease,
  writeOffLease,
  SETTLE_GRACE_MS,
  type Lease,
  type LeaseChange,
  type LeaseOutcome,
  type LevelFunds,
} from './index';

const NOW = 1_800_000_000_000;
const currencies = { baseCurrency: 'USD', rates: [{ code: 'EUR', rateToBase: '1.0865' }] };
const customer: LevelFunds = {
  accountId: 'c1',
  currency: 'EUR',
  mode: 'prepaid',
  balanceMicros: 10_000_000,
  creditLimitMicros: 0,
  reservedMicros: 0,
};
const reseller: LevelFunds = {
  accountId: 'r1',
  currency: 'USD',
  mode: 'postpaid',
  balanceMicros: -1_000_000,
  creditLimitMicros: 5_000_000,
  reservedMicros: 0,
};
const request = { leaseId: 'L1', accountId: 'c1', edgeId: 'e1', amountMicros: 2_000_000, nowEpochMs: NOW };

function ok(outcome: LeaseOutcome): LeaseChange {
  if (!outcome.ok) throw new Error(`expected a change, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

function granted(): Lease {
  return ok(grantLease(request, [customer, reseller], currencies)).lease;
}

describe('grantLease', () => {
  it('holds the amount at the customer and its conversion, rounded up, at the reseller', () => {
    const change = ok(grantLease(request, [customer, reseller], currencies));
    // 2.00 EUR × 1.0865 = 2.173 USD exactly; 1 micro EUR would be 1.0865 → 2 micros USD.
    expect(change.deltas).toEqual([
      { accountId: 'c1', balanceMicros: 0, reservedMicros: 2_000_000 },
      { accountId: 'r1', balanceMicros: 0, reservedMicros: 2_173_000 },
    ]);
    expect(change.lease).toMatchObject({ state: 'active', version: 1, expiresAtEpochMs: NOW + 3_600_000 });
    const tiny = ok(grantLease({ ...request, amountMicros: 1 }, [customer, reseller], currencies));
    expect(tiny.deltas[1]!.reservedMicros).toBe(2);
  });

  it('refuses when any level cannot cover its part, naming it', () => {
    const poorReseller = { ...reseller, reservedMicros: 2_000_000 }; // available 2.00 < 2.173
    const refused = grantLease(request, [customer, poorReseller], currencies);
    expect(refused).toMatchObject({ ok: false, code: 'insufficient_funds', accountId: 'r1' });
    const poorCustomer = { ...customer, balanceMicros: 1_999_999 };
    expect(grantLease(request, [poorCustomer, reseller], currencies)).toMatchObject({ accountId: 'c1' });
  });

  it('refuses bad amounts, ttl, chains and currencies', () => {
    const funds = [customer, reseller];
    for (const amountMicros of [0, -5, 1.5]) {
      expect(grantLease({ ...request, amountMicros }, funds, currencies)).toMatchObject({ code: 'invalid_amount' });
    }
    for (const ttlSeconds of [0, 86_401, 2.5]) {
      expect(grantLease({ ...request, ttlSeconds }, funds, currencies)).toMatchObject({ code: 'invalid_ttl' });
    }
    expect(grantLease(request, [reseller], currencies)).toMatchObject({ code: 'chain_mismatch' });
    const gbp = { ...reseller, currency: 'GBP' };
    expect(grantLease(request, [customer, gbp], currencies)).toMatchObject({ code: 'no_exchange_rate' });
  });

  it('a repeated grant is a replay; other content is lease_exists or wrong_edge', () => {
    const lease = granted();
    const funds = [customer, reseller];
    expect(grantLease(request, funds, currencies, lease)).toEqual({ ok: true, lease, deltas: [], replayed: true });
    const other = grantLease({ ...request, amountMicros: 3 }, funds, currencies, lease);
    expect(other).toMatchObject({ code: 'lease_exists', field: 'amountMicros' });
    const ttl = grantLease({ ...request, ttlSeconds: 60 }, funds, currencies, lease);
    expect(ttl).toMatchObject({ code: 'lease_exists', field: 'ttlSeconds' });
    expect(grantLease({ ...request, edgeId: 'e2' }, funds, currencies, lease)).toMatchObject({ code: 'wrong_edge' });
  });
});

describe('topUpLease', () => {
  const topUp = { edgeId: 'e1', topUpId: 't1', amountMicros: 1_000_000, nowEpochMs: NOW + 1 };

  it('adds to every level; the same id again is a replay', () => {
    const lease = granted();
    const change = ok(topUpLease(lease, topUp, [customer, reseller], currencies));
    expect(change.lease.levels.map((l) => l.reservedMicros)).toEqual([3_000_000, 3_259_500]);
    expect(change.lease.expiresAtEpochMs).toBe(lease.expiresAtEpochMs);
    const again = ok(topUpLease(change.lease, topUp, [customer, reseller], currencies));
    expect(again).toMatchObject({ replayed: true, deltas: [] });
    const different = topUpLease(change.lease, { ...topUp, amountMicros: 5 }, [customer, reseller], currencies);
    expect(different).toMatchObject({ code: 'lease_exists' });
  });

  it('refuses other edges, expired or closed leases and short levels', () => {
    const lease = granted();
    const funds = [customer, reseller];
    expect(topUpLease(lease, { ...topUp, edgeId: 'e2' }, funds, currencies)).toMatchObject({ code: 'wrong_edge' });
    const late = { ...topUp, nowEpochMs: lease.expiresAtEpochMs };
    expect(topUpLease(lease, late, funds, currencies)).toMatchObject({ code: 'lease_not_active' });
    const closing = ok(closeLease(lease, { edgeId: 'e1', callCount: 3 })).lease;
    expect(topUpLease(closing, topUp, funds, currencies)).toMatchObject({ code: 'lease_not_active' });
    const short = [{ ...customer, reservedMicros: 9_500_000 }, reseller];
    expect(topUpLease(lease, topUp, short, currencies)).toMatchObject({ code: 'insufficient_funds', accountId: 'c1' });
  });
});

describe('settleOnLease', () => {
  const charges = [
    { accountId: 'c1', chargeMicros: 500_000 },
    { accountId: 'r1', chargeMicros: 400_000 },
  ];

  it('posts the charge and lowers the reservation by it', () => {
    const settled = settleOnLease(granted(), charges);
    expect(settled).toMatchObject({ ok: true, late: false, closed: false });
    if (!settled.ok) return;
    expect(settled.deltas).toEqual([
      { accountId: 'c1', balanceMicros: -500_000, reservedMicros: -500_000 },
      { accountId: 'r1', balanceMicros: -400_000, reservedMicros: -400_000 },
    ]);
    expect(settled.lease.levels.map((l) => l.consumedMicros)).toEqual([500_000, 400_000]);
    expect(settled.lease.settledCalls).toBe(1);
  });

  it('refuses a charge above what the lease has left, and negative charges', () => {
    const lease = granted();
    const over = [{ accountId: 'c1', chargeMicros: 2_000_001 }];
    expect(settleOnLease(lease, over)).toMatchObject({ code: 'charge_exceeds_lease', accountId: 'c1' });
    const negative = [{ accountId: 'c1', chargeMicros: -1 }];
    expect(settleOnLease(lease, negative)).toMatchObject({ code: 'invalid_amount' });
    expect(settleWithoutLease(over)).toEqual([{ accountId: 'c1', balanceMicros: -2_000_001, reservedMicros: 0 }]);
  });

  it('a charge beyond the lease is posted by settleBeyondLease: reservation used up, flagged late', () => {
    const closing = ok(closeLease(granted(), { edgeId: 'e1', callCount: 1 })).lease;
    const over = [
      { accountId: 'c1', chargeMicros: 2_500_000 },
      { accountId: 'r1', chargeMicros: 100_000 },
    ];
    expect(settleBeyondLease(closing, charges)).toEqual(settleOnLease(closing, charges));
    const settled = settleBeyondLease(closing, over);
    if (!settled.ok) throw new Error(settled.code);
    expect(settled).toMatchObject({ late: true, closed: true, lease: { state: 'closed', lateSettlements: 1 } });
    // c1: the 2.00 held is used up, 0.50 overdrawn; r1: 0.10 charged, 2.073 returned by the close.
    expect(settled.deltas).toEqual([
      { accountId: 'c1', balanceMicros: -2_500_000, reservedMicros: -2_000_000 },
      { accountId: 'r1', balanceMicros: -100_000, reservedMicros: -2_173_000 },
    ]);
  });

  it('a call that bills nothing counts towards the close and moves no balance', () => {
    const settled = settleOnLease(granted(), []);
    expect(settled).toMatchObject({ ok: true, deltas: [], lease: { settledCalls: 1 } });
  });

  it('a settlement after write-off is posted and flagged late, the reservation untouched', () => {
    const off = ok(writeOffLease(granted(), { reason: 'edge lost', actor: 'user:admin', nowEpochMs: NOW })).lease;
    const late = settleOnLease(off, charges);
    expect(late).toMatchObject({ ok: true, late: true });
    if (!late.ok) return;
    expect(late.deltas.every((d) => d.reservedMicros === 0)).toBe(true);
    expect(late.lease.lateSettlements).toBe(1);
  });

  it('the last expected CDR closes a closing lease and returns the unused part', () => {
    const closing = ok(closeLease(granted(), { edgeId: 'e1', callCount: 1 })).lease;
    expect(closing.state).toBe('closing');
    const settled = settleOnLease(closing, charges);
    if (!settled.ok) throw new Error(settled.code);
    expect(settled).toMatchObject({ closed: true, lease: { state: 'closed' } });
    // The whole reservation is gone: 500,000 as charge, 1,500,000 returned.
    expect(settled.deltas).toEqual([
      { accountId: 'c1', balanceMicros: -500_000, reservedMicros: -2_000_000 },
      { accountId: 'r1', balanceMicros: -400_000, reservedMicros: -2_173_000 },
    ]);
  });
});

describe('close, abandon, release, write-off', () => {
  it('close with every CDR already settled closes at once; the same close is a replay', () => {
    const change = ok(closeLease(granted(), { edgeId: 'e1', callCount: 0 }));
    expect(change.lease).toMatchObject({ state: 'closed', version: 2 });
    expect(change.deltas.map((d) => d.reservedMicros)).toEqual([-2_000_000, -2_173_000]);
    expect(closeLease(change.lease, { edgeId: 'e1', callCount: 0 })).toMatchObject({ replayed: true });
    expect(closeLease(change.lease, { edgeId: 'e1', callCount: 4 })).toMatchObject({ code: 'lease_not_active' });
    expect(closeLease(granted(), { edgeId: 'e9', callCount: 0 })).toMatchObject({ code: 'wrong_edge' });
    expect(closeLease(granted(), { edgeId: 'e1', callCount: -1 })).toMatchObject({ code: 'invalid_call_count' });
  });

  it('an abandoned lease is released only drained and after expiry + max call + grace', () => {
    const lease = granted();
    const abandoned = ok(abandonLease(lease, { edgeId: 'e1', drained: false })).lease;
    const at = releasableAtEpochMs(abandoned, 600);
    expect(at).toBe(lease.expiresAtEpochMs + 600_000 + SETTLE_GRACE_MS);
    expect(releaseLease(abandoned, { nowEpochMs: at, maxCallSeconds: 600 })).toMatchObject({ code: 'not_releasable' });
    const drained = ok(abandonLease(abandoned, { edgeId: 'e1', drained: true })).lease;
    expect(abandonLease(drained, { edgeId: 'e1', drained: false })).toMatchObject({ replayed: true });
    expect(releaseLease(drained, { nowEpochMs: at - 1, maxCallSeconds: 600 })).toMatchObject({ code: 'not_releasable' });
    const released = ok(releaseLease(drained, { nowEpochMs: at, maxCallSeconds: 600 }));
    expect(released.lease.state).toBe('released');
    expect(released.deltas.map((d) => d.reservedMicros)).toEqual([-2_000_000, -2_173_000]);
    expect(closeLease(released.lease, { edgeId: 'e1', callCount: 0 })).toMatchObject({ code: 'lease_not_active' });
  });

  it('write-off needs a reason and a holding lease', () => {
    const lease = granted();
    const blank = writeOffLease(lease, { reason: '  ', actor: 'user:admin', nowEpochMs: NOW });
    expect(blank).toMatchObject({ code: 'invalid_reason', field: 'reason' });
    const off = ok(writeOffLease(lease, { reason: 'gone', actor: 'user:admin', nowEpochMs: NOW }));
    expect(off.lease.writeOff).toEqual({ reason: 'gone', actor: 'user:admin', atEpochMs: NOW });
    const again = writeOffLease(off.lease, { reason: 'gone', actor: 'user:admin', nowEpochMs: NOW });
    expect(again).toMatchObject({ code: 'lease_not_active' });
  });
});
