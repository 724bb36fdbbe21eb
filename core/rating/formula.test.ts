// Proves the rating formula on worked examples whose arithmetic is stated, and its properties:
// cost never decreases with duration, markup never touches the connect cost, BigInt = fast path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chargedSeconds, DEFAULT_BILLABLE_RULES } from './billable';
import { costOfCall, costOfCallInRange, CostOutOfRangeError } from './formula';
import { NO_MARKUP, type RateGroupPricing, type RateTerms } from './rate';

const rate = (overrides: Partial<RateTerms>): RateTerms => ({
  connectMicros: 0,
  includedSeconds: 0,
  perMinuteMicros: 0,
  initialIncrementSeconds: 0,
  incrementSeconds: 0,
  ...overrides,
});

describe('costOfCall: worked examples', () => {
  // connect 0.10, 1.20/min, initial 30 s, increment 6 s
  const example = rate({ connectMicros: 100_000, perMinuteMicros: 1_200_000, initialIncrementSeconds: 30, incrementSeconds: 6 });

  it('10 s bills the 30 s initial block: 0.10 + 30 × 1.20 / 60 = 0.70', () => {
    expect(costOfCall(example, NO_MARKUP, 10)).toEqual({ billableSeconds: 30, costMicros: 700_000 });
  });

  it('47 s bills 30 + ceil(17 / 6) × 6 = 48 s: 0.10 + 48 × 0.02 = 1.06', () => {
    expect(costOfCall(example, NO_MARKUP, 47)).toEqual({ billableSeconds: 48, costMicros: 1_060_000 });
  });

  it('rounds once per call, half away from zero: 0.000030/min by the second', () => {
    const tiny = rate({ perMinuteMicros: 30, initialIncrementSeconds: 1, incrementSeconds: 1 });
    // 1 s: 30/60 = 0.5 µ -> 1; 3 s: 1.5 -> 2; 5 s: 2.5 -> 3 (never 1 µ per second = 5)
    expect(costOfCall(tiny, NO_MARKUP, 1).costMicros).toBe(1);
    expect(costOfCall(tiny, NO_MARKUP, 3).costMicros).toBe(2);
    expect(costOfCall(tiny, NO_MARKUP, 5).costMicros).toBe(3);
  });

  it('within included seconds nothing is charged, not even the connect cost', () => {
    const included = rate({ connectMicros: 20_000, includedSeconds: 5, perMinuteMicros: 90_000, initialIncrementSeconds: 30, incrementSeconds: 6 });
    expect(costOfCall(included, NO_MARKUP, 5)).toEqual({ billableSeconds: 0, costMicros: 0 });
    // 6 s: d = 1 -> the 30 s initial block: 0.02 + 30 × 0.09 / 60 = 0.065
    expect(costOfCall(included, NO_MARKUP, 6)).toEqual({ billableSeconds: 30, costMicros: 65_000 });
    // 36 s: d = 31 -> 30 + 6 = 36 s: 0.02 + 36 × 0.0015 = 0.074
    expect(costOfCall(included, NO_MARKUP, 36)).toEqual({ billableSeconds: 36, costMicros: 74_000 });
  });

  it('markup multiplies the per-minute cost only (ASTPP), never the connect cost', () => {
    const withConnect = rate({ connectMicros: 100_000, perMinuteMicros: 80_000, initialIncrementSeconds: 60, incrementSeconds: 1 });
    const twentyPercent: RateGroupPricing = { ...NO_MARKUP, markupUnits: 200_000 };
    // 0.10 + 60 × 0.08 × 1.20 / 60 = 0.10 + 0.096
    expect(costOfCall(withConnect, twentyPercent, 1).costMicros).toBe(196_000);
  });

  it('increments of 0 take the group defaults; a 0 default increment means 1 s', () => {
    const germany = rate({ perMinuteMicros: 13_000 });
    const defaults: RateGroupPricing = { markupUnits: 0, defaultInitialIncrementSeconds: 30, defaultIncrementSeconds: 30 };
    expect(costOfCall(germany, defaults, 1)).toEqual({ billableSeconds: 30, costMicros: 6_500 });
    expect(costOfCall(germany, defaults, 59)).toEqual({ billableSeconds: 60, costMicros: 13_000 });
    // no initial block, 1 s increments: 7 s -> 7 s at 0.013/min = 0.0015166… -> 0.001517
    expect(costOfCall(germany, NO_MARKUP, 7)).toEqual({ billableSeconds: 7, costMicros: 1_517 });
  });

  it('a zero-second call costs nothing', () => {
    expect(costOfCall(rate({ connectMicros: 50_000, perMinuteMicros: 1 }), NO_MARKUP, 0).costMicros).toBe(0);
  });

  it('rejects fractional or negative seconds (a bug in the caller)', () => {
    expect(() => costOfCall(rate({}), NO_MARKUP, 1.5)).toThrow(RangeError);
    expect(() => costOfCall(rate({}), NO_MARKUP, -1)).toThrow(RangeError);
  });
});

const terms = fc.record({
  connectMicros: fc.integer({ min: 0, max: 10_000_000 }),
  includedSeconds: fc.integer({ min: 0, max: 120 }),
  perMinuteMicros: fc.integer({ min: 0, max: 50_000_000 }),
  initialIncrementSeconds: fc.integer({ min: 0, max: 120 }),
  incrementSeconds: fc.integer({ min: 0, max: 120 }),
});
const pricing = fc.record({
  markupUnits: fc.integer({ min: 0, max: 10_000_000 }),
  defaultInitialIncrementSeconds: fc.integer({ min: 0, max: 60 }),
  defaultIncrementSeconds: fc.integer({ min: 0, max: 60 }),
});

describe('costOfCall: properties', () => {
  it('cost never decreases with duration', () => {
    fc.assert(
      fc.property(terms, pricing, fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 600 }), (t, p, s, extra) => {
        expect(costOfCall(t, p, s + extra).costMicros).toBeGreaterThanOrEqual(costOfCall(t, p, s).costMicros);
      }),
    );
  });

  it('equals the exact rational formula rounded once (BigInt reference)', () => {
    fc.assert(
      fc.property(terms, pricing, fc.integer({ min: 0, max: 604_800 }), (t, p, s) => {
        const { billableSeconds, costMicros } = costOfCall(t, p, s);
        if (billableSeconds === 0) {
          expect(costMicros).toBe(0);
          return;
        }
        const numerator = BigInt(billableSeconds) * BigInt(t.perMinuteMicros) * BigInt(1_000_000 + p.markupUnits);
        const usage = (2n * numerator + 60_000_000n) / 120_000_000n;
        expect(costMicros).toBe(t.connectMicros + Number(usage));
      }),
    );
  });

  it('stays exact when the product passes 2^53 (BigInt path)', () => {
    const expensive = rate({ perMinuteMicros: 9_000_000_000_000, incrementSeconds: 1 });
    const cost = costOfCall(expensive, { ...NO_MARKUP, markupUnits: 10_000_000 }, 7);
    // 7 × 9e12 × 11 / 60 = 11,550,000,000,000 exactly (1000 % markup = ×11)
    expect(cost.costMicros).toBe(11_550_000_000_000);
  });

  it('costOfCallInRange: null past 2^53 − 1 micros, where costOfCall throws', () => {
    // 1,000,000.00/min = 1e12 µ/min by the second: a week (604,800 s) is 604,800 × 1e12 / 60
    // = 1.008e16 µ > 9,007,199,254,740,991; 9,007 s is 9,007 × 1e12 / 60 = 150,116,666,666,667 µ.
    const huge = rate({ perMinuteMicros: 1_000_000_000_000, incrementSeconds: 1 });
    expect(costOfCallInRange(huge, NO_MARKUP, 604_800)).toBeNull();
    expect(() => costOfCall(huge, NO_MARKUP, 604_800)).toThrow(CostOutOfRangeError);
    expect(costOfCallInRange(huge, NO_MARKUP, 9_007)).toEqual({ billableSeconds: 9_007, costMicros: 150_116_666_666_667 });
    expect(costOfCallInRange(huge, NO_MARKUP, 0)).toEqual({ billableSeconds: 0, costMicros: 0 });
  });
});

describe('chargedSeconds (billable rules)', () => {
  it('defaults: billsec as reported, every cause, no minimum', () => {
    expect(chargedSeconds(DEFAULT_BILLABLE_RULES, { billsec: 15, billmsec: 15_980 })).toBe(15);
    expect(chargedSeconds(DEFAULT_BILLABLE_RULES, { billsec: 0, hangupCause: 'ORIGINATOR_CANCEL' })).toBe(0);
  });

  it('billmsec rounded up, a minimum, and causes that do not bill', () => {
    const rules = { billedHangupCauses: new Set(['NORMAL_CLEARING']), duration: 'billmsec_ceil' as const, minimumBillableSeconds: 30 };
    expect(chargedSeconds(rules, { billsec: 15, billmsec: 15_001, hangupCause: 'NORMAL_CLEARING' })).toBe(30);
    expect(chargedSeconds(rules, { billsec: 45, billmsec: 45_001, hangupCause: 'NORMAL_CLEARING' })).toBe(46);
    expect(chargedSeconds(rules, { billsec: 45, billmsec: 45_001, hangupCause: 'ALLOTTED_TIMEOUT' })).toBe(0);
  });
});
