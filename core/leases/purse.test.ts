// Proves the edge purse: a call holds its cost at its authorized maximum at every level, so
// concurrent calls never share money (a property over random calls: Σ holds + Σ actual costs
// never pass the lease); the actual cost (the shared chain prices at the billed seconds) stays
// consumed and the rest returns; authorizing stops at expiry − skew; renewal is asked ahead.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConversionTable } from '../chain/currency';
import type { ChainLevel } from '../chain/prices';
import { NO_MARKUP } from '../rating/rate';
import {
  callChargesOf,
  drainableAtEpochMs,
  grantLease,
  LeasePurse,
  CLOCK_SKEW_MARGIN_MS,
  RENEW_AHEAD_MS,
  type Lease,
} from './index';

const NOW = 1_800_000_000_000;
const parsed = ConversionTable.parse([{ from: 'EUR', to: 'USD', rate: '1.0865' }]);
if (!parsed.ok) throw new Error(parsed.message);
const table = parsed.table;
const currencies = { baseCurrency: 'USD', rates: [{ code: 'EUR', rateToBase: '1.0865' }] };

const terms = (perMinuteMicros: number) => ({
  connectMicros: 10_000,
  includedSeconds: 0,
  perMinuteMicros,
  initialIncrementSeconds: 30,
  incrementSeconds: 6,
});
const levels: ChainLevel[] = [
  { account: 'c1', currency: 'EUR', rate: { terms: terms(60_000), pricing: NO_MARKUP, currency: 'EUR' } },
  { account: 'r1', currency: 'USD', rate: { terms: terms(40_000), pricing: NO_MARKUP, currency: 'EUR' } },
];

function lease(amountMicros = 1_000_000): Lease {
  const funds = levels.map((l) => ({
    accountId: l.account,
    currency: l.currency,
    mode: 'prepaid' as const,
    balanceMicros: 100_000_000,
    creditLimitMicros: 0,
    reservedMicros: 0,
  }));
  const request = { leaseId: 'L1', accountId: 'c1', edgeId: 'e1', amountMicros, nowEpochMs: NOW };
  const granted = grantLease(request, funds, currencies);
  if (!granted.ok) throw new Error(granted.code);
  return granted.lease;
}

function chargesAt(seconds: number) {
  const charges = callChargesOf(levels, table, seconds);
  if (!Array.isArray(charges)) throw new Error(charges.message);
  return charges;
}

describe('LeasePurse', () => {
  it('grants the longest call the lease pays for, and holds its cost', () => {
    const purse = new LeasePurse(lease());
    // 1.00 EUR at 0.06/min + 0.01 connect: 0.99 / 0.001 per second = 990 s (30 + 160 × 6).
    const max = purse.maxSeconds(levels, table, 10_800, NOW);
    expect(max).toEqual({ ok: true, maxSeconds: 990, limitedBy: 'c1' });
    const hold = purse.reserveCall('call-1', levels, table, 990, NOW);
    expect(hold).toMatchObject({ ok: true, heldMicros: [1_000_000, expect.any(Number)] });
    // Nothing left for a second call at the customer level.
    expect(purse.maxSeconds(levels, table, 10_800, NOW)).toMatchObject({ ok: true, maxSeconds: 0 });
    expect(purse.holdCall('call-2', [{ accountId: 'c1', chargeMicros: 1 }], NOW)).toMatchObject({
      ok: false,
      code: 'insufficient_funds',
      accountId: 'c1',
    });
    expect(purse.reserveCall('call-1', levels, table, 1, NOW)).toMatchObject({ code: 'lease_exists' });
  });

  it('settles the actual cost and returns the rest of the hold', () => {
    const purse = new LeasePurse(lease());
    purse.reserveCall('call-1', levels, table, 990, NOW);
    expect(purse.settleCall('call-1', chargesAt(61))).toEqual({ ok: true, overrunMicros: 0 });
    // 61 s bills 66 s: 0.01 + 66 × 0.001 = 0.076 EUR consumed, 0.924 left.
    expect(purse.levels()[0]).toMatchObject({ consumedMicros: 76_000, heldMicros: 0, remainingMicros: 924_000 });
    expect(purse).toMatchObject({ liveCalls: 0, endedCalls: 1 });
    expect(purse.settleCall('call-1', chargesAt(61))).toMatchObject({ code: 'lease_not_found' });
    purse.reserveCall('call-2', levels, table, 30, NOW);
    expect(purse.cancelCall('call-2')).toBe(true);
    expect(purse.levels()[0]!.remainingMicros).toBe(924_000);
  });

  it('settles a call at its whole hold when its cost cannot be known', () => {
    const purse = new LeasePurse(lease());
    purse.reserveCall('lost', levels, table, 990, NOW);
    const held = purse.levels().map((level) => level.heldMicros);
    expect(purse.settleWholeHold('lost')).toBe(1_000_000);
    expect(purse.levels().map((level) => level.consumedMicros)).toEqual(held);
    expect(purse).toMatchObject({ liveCalls: 0, endedCalls: 1 });
    expect(purse.levels()[0]).toMatchObject({ heldMicros: 0, remainingMicros: 0 });
    expect(purse.settleWholeHold('lost')).toBeNull();
  });

  it('stops authorizing at hard expiry minus the clock-skew margin, and renews ahead', () => {
    const granted = lease();
    const purse = new LeasePurse(granted);
    const stop = granted.expiresAtEpochMs - CLOCK_SKEW_MARGIN_MS;
    expect(purse.stopsAtEpochMs()).toBe(stop);
    expect(purse.needsRenewal(NOW)).toBe(false);
    expect(purse.needsRenewal(stop - RENEW_AHEAD_MS)).toBe(true);
    expect(purse.reserveCall('late', levels, table, 30, stop)).toMatchObject({ code: 'lease_not_active' });
    expect(purse.maxSeconds(levels, table, 60, stop - 1)).toMatchObject({ ok: true, maxSeconds: 60 });
    // Down to less than a quarter of the customer's reservation: renew.
    purse.holdCall('big', [{ accountId: 'c1', chargeMicros: 750_001 }], NOW);
    expect(purse.needsRenewal(NOW)).toBe(true);
  });

  it('the margins cover an edge clock stepped by two margins across a restart', () => {
    // Prepare: the edge's clock runs a margin behind the cloud's and authorizes its last call.
    const granted = lease();
    const purse = new LeasePurse(granted);
    const maxCallSeconds = 600;
    const behind = -CLOCK_SKEW_MARGIN_MS;
    const lastEdgeInstant = purse.stopsAtEpochMs() - 1;
    expect(purse.canAuthorize(lastEdgeInstant)).toBe(true);
    // Act: the call runs its longest; the edge restarts with its clock a margin ahead.
    const callEndsAtCloudMs = lastEdgeInstant - behind + maxCallSeconds * 1000;
    const ahead = CLOCK_SKEW_MARGIN_MS;
    const drainedAtCloudMs = drainableAtEpochMs(granted, maxCallSeconds) - ahead;
    // Assess: the drain confirmation (on the new clock) comes after the call's CDR exists.
    expect(drainedAtCloudMs).toBeGreaterThan(callEndsAtCloudMs);
  });

  it('takes a top-up from the cloud and keeps the larger consumed', () => {
    const granted = lease();
    const purse = new LeasePurse(granted);
    purse.reserveCall('a', levels, table, 30, NOW);
    purse.settleCall('a', chargesAt(30));
    const cloud = {
      ...granted,
      levels: granted.levels.map((l) => ({ ...l, reservedMicros: l.reservedMicros * 2, consumedMicros: 1 })),
    };
    purse.refresh(cloud);
    expect(purse.levels()[0]).toMatchObject({ reservedMicros: 2_000_000, consumedMicros: 40_000 });
    purse.refresh({ ...cloud, state: 'abandoned' });
    expect(purse.canAuthorize(NOW)).toBe(false);
    expect(() => purse.refresh({ ...cloud, leaseId: 'other' })).toThrow(RangeError);
  });

  it('refuses a chain that is not the lease', () => {
    const purse = new LeasePurse(lease());
    expect(purse.maxSeconds(levels.slice(0, 1), table, 60, NOW)).toMatchObject({ code: 'chain_mismatch' });
    expect(purse.holdCall('x', [{ accountId: 'zz', chargeMicros: 1 }], NOW)).toMatchObject({ code: 'chain_mismatch' });
    expect(purse.holdCall('x', [{ accountId: 'c1', chargeMicros: -1 }], NOW)).toMatchObject({ code: 'invalid_amount' });
  });

  it('concurrent calls never use the same money (property)', () => {
    const call = fc.record({ fraction: fc.integer({ min: 0, max: 100 }), end: fc.boolean() });
    fc.assert(
      fc.property(fc.integer({ min: 50_000, max: 3_000_000 }), fc.array(call, { maxLength: 40 }), (amount, calls) => {
        const granted = lease(amount);
        const purse = new LeasePurse(granted);
        const live: { uuid: string; max: number; fraction: number }[] = [];
        calls.forEach(({ fraction, end }, i) => {
          const max = purse.maxSeconds(levels, table, 10_800, NOW);
          if (!max.ok) throw new Error(max.code);
          if (max.maxSeconds > 0) {
            const held = purse.reserveCall(`c${i}`, levels, table, max.maxSeconds, NOW);
            expect(held.ok).toBe(true);
            live.push({ uuid: `c${i}`, max: max.maxSeconds, fraction });
          }
          const done = end ? live.shift() : undefined;
          if (done !== undefined) {
            // The call lasted a share of its maximum: its actual cost can never pass its hold.
            const seconds = Math.floor((done.max * done.fraction) / 100);
            expect(purse.settleCall(done.uuid, chargesAt(seconds))).toEqual({ ok: true, overrunMicros: 0 });
          }
          for (const level of purse.levels()) expect(level.remainingMicros).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 200 },
    );
  });
});
