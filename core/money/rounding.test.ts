// Proves the one rounding rule (half away from zero) on exact halves, and that the safe-number
// fast path always equals the BigInt definition (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRoundHalfAwayFromZero, divideRoundHalfAwayFromZeroSafe } from './rounding';

describe('divideRoundHalfAwayFromZero', () => {
  it.each([
    [1n, 2n, 1n],
    [3n, 2n, 2n],
    [-1n, 2n, -1n],
    [-3n, 2n, -2n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-2n, 3n, -1n],
    [30n, 60n, 1n],
    [29n, 60n, 0n],
    [0n, 7n, 0n],
  ])('%d / %d -> %d', (n, d, expected) => {
    expect(divideRoundHalfAwayFromZero(n, d)).toBe(expected);
    expect(divideRoundHalfAwayFromZeroSafe(Number(n), Number(d))).toBe(Number(expected));
  });

  it('refuses a non-positive denominator', () => {
    expect(() => divideRoundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
    expect(() => divideRoundHalfAwayFromZeroSafe(1, -2)).toThrow(RangeError);
  });

  it('the safe-number path equals the BigInt rule for all safe operands', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (n, d) => {
          const exact = divideRoundHalfAwayFromZero(BigInt(n), BigInt(d));
          expect(divideRoundHalfAwayFromZeroSafe(n, d)).toBe(Number(exact));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
