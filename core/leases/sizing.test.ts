// Proves the edge's lease size (recent spend over the horizon, bounded, halved after a refusal)
// and the CONVERT_UP conversion of a lease amount: never below the exact value, less than one
// micro above it (fast-check against exact rational arithmetic).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRoundUp } from '../money/rounding';
import {
  convertLeaseAmount,
  nextLeaseAmountMicros,
  smallerLeaseAmountMicros,
  FIRST_LEASE_MICROS,
  MAX_LEASE_MICROS,
  MIN_LEASE_MICROS,
} from './index';

describe('nextLeaseAmountMicros', () => {
  it('covers the horizon at the recent rate, within the bounds', () => {
    expect(nextLeaseAmountMicros({ spentMicros: 0, windowSeconds: 3600 })).toBe(FIRST_LEASE_MICROS);
    // 2.00 over an hour → 15 minutes of it = 0.50.
    expect(nextLeaseAmountMicros({ spentMicros: 2_000_000, windowSeconds: 3600 })).toBe(500_000);
    // 1 micro over 7 s → ⌈900 / 7⌉ = 129 micros → the minimum.
    expect(nextLeaseAmountMicros({ spentMicros: 1, windowSeconds: 7 })).toBe(MIN_LEASE_MICROS);
    expect(nextLeaseAmountMicros({ spentMicros: 10 ** 12, windowSeconds: 60 })).toBe(MAX_LEASE_MICROS);
    expect(() => nextLeaseAmountMicros({ spentMicros: -1, windowSeconds: 60 })).toThrow(RangeError);
    expect(() => nextLeaseAmountMicros({ spentMicros: 1, windowSeconds: 0 })).toThrow(RangeError);
  });

  it('halves after a refusal down to the minimum, then gives up', () => {
    expect(smallerLeaseAmountMicros(1_000_001)).toBe(500_001);
    expect(smallerLeaseAmountMicros(150_000)).toBe(MIN_LEASE_MICROS);
    expect(smallerLeaseAmountMicros(MIN_LEASE_MICROS)).toBeNull();
  });
});

describe('convertLeaseAmount (CONVERT_UP)', () => {
  const currencies = {
    baseCurrency: 'USD',
    rates: [
      { code: 'EUR', rateToBase: '1.0865' },
      { code: 'GBP', rateToBase: '1.271234567' },
    ],
  };

  it('rounds up once through the base currency', () => {
    expect(convertLeaseAmount(1, 'EUR', 'USD', currencies)).toEqual({ ok: true, micros: 2 });
    expect(convertLeaseAmount(2_173_000, 'USD', 'EUR', currencies)).toEqual({ ok: true, micros: 2_000_000 });
    expect(convertLeaseAmount(5, 'EUR', 'EUR', currencies)).toEqual({ ok: true, micros: 5 });
    expect(convertLeaseAmount(5, 'EUR', 'JPY', currencies)).toMatchObject({ ok: false, code: 'no_exchange_rate' });
    expect(divideRoundUp(-7n, 2n)).toBe(-3n);
    expect(() => divideRoundUp(1n, 0n)).toThrow(RangeError);
  });

  it('is the exact value or less than one micro above it (property)', () => {
    const codes = fc.constantFrom('USD', 'EUR', 'GBP');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), codes, codes, (amount, from, to) => {
        const result = convertLeaseAmount(amount, from, to, currencies);
        if (!result.ok) throw new Error(result.message);
        const scaled = (code: string) =>
          code === 'USD' ? 1_000_000_000n : code === 'EUR' ? 1_086_500_000n : 1_271_234_567n;
        // result·to ≥ amount·from  and  (result − 1)·to < amount·from
        const exact = BigInt(amount) * scaled(from);
        expect(BigInt(result.micros) * scaled(to) >= exact).toBe(true);
        expect(BigInt(result.micros - 1) * scaled(to) < exact).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
