// Proves max affordable seconds: the sample cases with their arithmetic, the included-seconds
// rule, (fast-check) that the closed form equals a brute-force search over every second, and
// that the Number fast path (the funds cover the cap) answers what the BigInt closed form alone
// answers, over amounts and rates far past 2^53 in their products.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { longestChargedSeconds, type BillableRules } from './billable';
import { costMicrosInNumbers, costOfCall } from './formula';
import { longestAffordableSeconds, maxAffordableSeconds } from './max-seconds';
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

/** Markups from 0 to 1,000 %, default increments up to a minute (both describes below). */
const pricing: fc.Arbitrary<RateGroupPricing> = fc.record({
  markupUnits: fc.integer({ min: 0, max: 10_000_000 }),
  defaultInitialIncrementSeconds: fc.integer({ min: 0, max: 60 }),
  defaultIncrementSeconds: fc.integer({ min: 0, max: 60 }),
});

describe('maxAffordableSeconds is the largest affordable duration (fast-check)', () => {
  const terms = fc.record({
    connectMicros: fc.integer({ min: 0, max: 200_000 }),
    includedSeconds: fc.integer({ min: 0, max: 90 }),
    perMinuteMicros: fc.integer({ min: 0, max: 3_000_000 }),
    initialIncrementSeconds: fc.integer({ min: 0, max: 90 }),
    incrementSeconds: fc.integer({ min: 0, max: 90 }),
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

describe('the Number fast path agrees with the BigInt closed form (fast-check)', () => {
  const wideTerms = fc.record({
    connectMicros: fc.integer({ min: 0, max: 10_000_000 }),
    includedSeconds: fc.integer({ min: 0, max: 600 }),
    perMinuteMicros: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 2_000_000_000 })),
    initialIncrementSeconds: fc.integer({ min: 0, max: 600 }),
    incrementSeconds: fc.integer({ min: 0, max: 600 }),
  });
  // Balances from nothing to 2^53 − 1 micros: most cover a 3 h cap, some fall just short of it.
  const available = fc.oneof(fc.integer({ min: 0, max: 5_000_000 }), fc.maxSafeInteger().map(Math.abs), fc.integer({ min: 0, max: 1e12 }));
  const cap = fc.oneof(fc.constant(10_800), fc.integer({ min: 0, max: 1_000_000 }));

  it('a cap of 2^53 − 1 seconds under billmsec_ceil is left to the closed form, not an error', () => {
    const ceil: BillableRules = { billedHangupCauses: null, duration: 'billmsec_ceil', minimumBillableSeconds: 0 };
    const free: RateTerms = { ...usa, perMinuteMicros: 0 };
    expect(maxAffordableSeconds(free, NO_MARKUP, 0, Number.MAX_SAFE_INTEGER, ceil)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('costMicrosInNumbers is costOfCall whenever it answers', () => {
    fc.assert(
      fc.property(wideTerms, pricing, fc.integer({ min: 0, max: 1_000_000 }), (t, p, seconds) => {
        const fast = costMicrosInNumbers(t, p, seconds);
        if (fast !== null) expect(fast).toBe(costOfCall(t, p, seconds).costMicros);
      }),
      { numRuns: 1_000 },
    );
  });

  it('a call of s seconds is affordable exactly when the closed form reaches s', () => {
    fc.assert(
      fc.property(wideTerms, pricing, available, fc.integer({ min: 0, max: 1_000_000 }), (t, p, a, seconds) => {
        const cost = costMicrosInNumbers(t, p, seconds);
        if (cost !== null) expect(cost <= a).toBe(longestAffordableSeconds(t, p, a) >= seconds);
      }),
      { numRuns: 1_000 },
    );
  });

  it('maxAffordableSeconds equals the closed form alone, under both durations', () => {
    const duration = fc.constantFrom('billsec' as const, 'billmsec_ceil' as const);
    // Half the cases have funds within 2 micros of what the call up to the cap costs.
    const nearCap = fc.option(fc.integer({ min: -2, max: 2 }));
    fc.assert(
      fc.property(wideTerms, pricing, available, cap, duration, nearCap, (t, p, random, c, d, near) => {
        const rules: BillableRules = { billedHangupCauses: null, duration: d, minimumBillableSeconds: 0 };
        const slack = d === 'billmsec_ceil' ? 1 : 0;
        const capCost = costMicrosInNumbers(t, p, c + slack);
        const a = near === null || capCost === null ? random : Math.max(0, capCost + near);
        const longest = Math.min(longestAffordableSeconds(t, p, a) - slack, c);
        const closedForm = longest <= t.includedSeconds && longest < c ? 0 : longest;
        expect(maxAffordableSeconds(t, p, a, c, rules)).toBe(closedForm);
      }),
      { numRuns: 1_000 },
    );
  });
});

function bruteForce(t: RateTerms, p: RateGroupPricing, available: number, cap: number): number {
  if (available < 0) return 0;
  let longest = 0;
  for (let s = 0; s <= cap; s += 1) if (costOfCall(t, p, s).costMicros <= available) longest = s;
  return longest <= t.includedSeconds && longest < cap ? 0 : longest;
}
