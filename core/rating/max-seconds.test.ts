// Proves max affordable seconds: the sample cases with their arithmetic, the included-seconds
// rule, and (fast-check) that the closed form equals a brute-force search over every second.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { longestChargedSeconds, type BillableRules } from './billable';
import { costOfCall } from './formula';
import { maxAffordableSeconds } from './max-seconds';
import { NO_MARKUP, type RateGroupPricing, type RateTerms } from './rate';

const usa: RateTerms = { connectMicros: 0, includedSeconds: 0, perMinuteMicros: 12_000, initialIncrementSeconds: 6, incrementSeconds: 6 };
const jamaica: RateTerms = { connectMicros: 50_000, includedSeconds: 0, perMinuteMicros: 210_000, initialIncrementSeconds: 60, incrementSeconds: 60 };
const franceMobile: RateTerms = { connectMicros: 20_000, includedSeconds: 5, perMinuteMicros: 90_000, initialIncrementSeconds: 30, incrementSeconds: 6 };
const CAP = 10_800;

describe('maxAffordableSeconds', () => {
  it('1.00 at 0.012/min in 6 s blocks: 6 s cost 0.0012, so 833 blocks = 4,998 s', () => {
    expect(maxAffordableSeconds(usa, NO_MARKUP, 1_000_000, CAP)).toBe(4_998);
    expect(costOfCall(usa, NO_MARKUP, 4_998).costMicros).toBeLessThanOrEqual(1_000_000);
    expect(costOfCall(usa, NO_MARKUP, 4_999).costMicros).toBeGreaterThan(1_000_000);
  });

  it('less than the first block buys nothing: 0.0011 < 0.0012', () => {
    expect(maxAffordableSeconds(usa, NO_MARKUP, 1_100, CAP)).toBe(0);
    expect(maxAffordableSeconds(usa, NO_MARKUP, 1_200, CAP)).toBe(6);
  });

  it('connect + first minute 0.26 is the entry price for Jamaica; 1.00 buys 4 minutes', () => {
    expect(maxAffordableSeconds(jamaica, NO_MARKUP, 259_900, CAP)).toBe(0);
    expect(maxAffordableSeconds(jamaica, NO_MARKUP, 260_000, CAP)).toBe(60);
    // 0.05 + 4 × 0.21 = 0.89 <= 1.00 < 0.05 + 5 × 0.21 = 1.10
    expect(maxAffordableSeconds(jamaica, NO_MARKUP, 1_000_000, CAP)).toBe(240);
  });

  it('included seconds alone are not a call: 0.02 cannot pay the first block', () => {
    expect(maxAffordableSeconds(franceMobile, NO_MARKUP, 20_000, CAP)).toBe(0);
    expect(maxAffordableSeconds(franceMobile, NO_MARKUP, 0, CAP)).toBe(0);
    // 0.065 = 0.02 + 30 s × 0.0015: included 5 + 30 = 35 s
    expect(maxAffordableSeconds(franceMobile, NO_MARKUP, 65_000, CAP)).toBe(35);
    // 0.50: (0.48 / 0.0015 = 320 s of usage) -> 30 + 48 × 6 = 318 s + 5 included = 323 s
    expect(maxAffordableSeconds(franceMobile, NO_MARKUP, 500_000, CAP)).toBe(323);
  });

  it('a free rate gets the cap; a negative balance gets 0 for every rate', () => {
    const free: RateTerms = { ...usa, perMinuteMicros: 0 };
    expect(maxAffordableSeconds(free, NO_MARKUP, 0, CAP)).toBe(CAP);
    expect(maxAffordableSeconds(free, NO_MARKUP, -1, CAP)).toBe(0);
    expect(maxAffordableSeconds(usa, NO_MARKUP, -1, CAP)).toBe(0);
  });

  it('the cap bounds the answer, even when it is inside the included seconds', () => {
    expect(maxAffordableSeconds(usa, NO_MARKUP, 1_000_000_000, 3_600)).toBe(3_600);
    expect(maxAffordableSeconds(franceMobile, NO_MARKUP, 0, 4)).toBe(4);
  });

  it('a minimum billable duration must be affordable as a whole', () => {
    const rules: BillableRules = { billedHangupCauses: null, duration: 'billsec', minimumBillableSeconds: 60 };
    // 60 s at 0.012/min = 0.012: 0.0119 buys nothing, 0.012 buys 60 s
    expect(maxAffordableSeconds(usa, NO_MARKUP, 11_900, CAP, rules)).toBe(0);
    expect(maxAffordableSeconds(usa, NO_MARKUP, 12_000, CAP, rules)).toBe(60);
  });
});

describe('maxAffordableSeconds is the largest affordable duration (fast-check)', () => {
  const terms = fc.record({
    connectMicros: fc.integer({ min: 0, max: 200_000 }),
    includedSeconds: fc.integer({ min: 0, max: 90 }),
    perMinuteMicros: fc.integer({ min: 0, max: 3_000_000 }),
    initialIncrementSeconds: fc.integer({ min: 0, max: 90 }),
    incrementSeconds: fc.integer({ min: 0, max: 90 }),
  });
  const pricing: fc.Arbitrary<RateGroupPricing> = fc.record({
    markupUnits: fc.integer({ min: 0, max: 10_000_000 }),
    defaultInitialIncrementSeconds: fc.integer({ min: 0, max: 60 }),
    defaultIncrementSeconds: fc.integer({ min: 0, max: 60 }),
  });

  it('equals a brute-force search over every second up to the cap', () => {
    fc.assert(
      fc.property(terms, pricing, fc.integer({ min: -1_000, max: 3_000_000 }), fc.integer({ min: 0, max: 1_500 }), (t, p, available, cap) => {
        expect(maxAffordableSeconds(t, p, available, cap)).toBe(bruteForce(t, p, available, cap));
      }),
      { numRuns: 300 },
    );
  });

  it('a call cut at the answer is never charged more than the funds, under any billable rules', () => {
    const rules: fc.Arbitrary<BillableRules> = fc.record({
      billedHangupCauses: fc.constant(null),
      duration: fc.constantFrom('billsec' as const, 'billmsec_ceil' as const),
      minimumBillableSeconds: fc.integer({ min: 0, max: 120 }),
    });
    fc.assert(
      fc.property(terms, pricing, rules, fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 0, max: 1_500 }), (t, p, r, available, cap) => {
        const seconds = maxAffordableSeconds(t, p, available, cap, r);
        expect(seconds).toBeLessThanOrEqual(cap);
        const charged = longestChargedSeconds(r, seconds);
        expect(costOfCall(t, p, charged).costMicros).toBeLessThanOrEqual(available);
      }),
      { numRuns: 300 },
    );
  });

  it('billmsec_ceil answers one second less than the budget: 1.00 at 0.012/min in 1 s blocks', () => {
    const perSecond: RateTerms = { ...usa, initialIncrementSeconds: 1, incrementSeconds: 1 };
    const ceil: BillableRules = { billedHangupCauses: null, duration: 'billmsec_ceil', minimumBillableSeconds: 0 };
    expect(maxAffordableSeconds(perSecond, NO_MARKUP, 1_000_000, CAP)).toBe(5_000);
    expect(maxAffordableSeconds(perSecond, NO_MARKUP, 1_000_000, CAP, ceil)).toBe(4_999);
    expect(longestChargedSeconds(ceil, 4_999)).toBe(5_000);
  });
});

function bruteForce(t: RateTerms, p: RateGroupPricing, available: number, cap: number): number {
  if (available < 0) return 0;
  let longest = 0;
  for (let s = 0; s <= cap; s += 1) if (costOfCall(t, p, s).costMicros <= available) longest = s;
  return longest <= t.includedSeconds && longest < cap ? 0 : longest;
}
