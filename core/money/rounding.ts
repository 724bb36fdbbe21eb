/**
 * The one place where Tollgate rounds money. Every other module works in exact integers and
 * calls a named rule from here when (and only when) a quotient must become a whole micro.
 *
 * Rule `HALF_AWAY_FROM_ZERO`: a call's cost is rounded once, half away from zero, to a whole
 * micro (never per increment). Currency conversion (reseller chains) uses the same rule.
 */

/** Exact n / d rounded half away from zero, for integers; d must be positive. */
export function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('rounding: denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return negative ? -rounded : rounded;
}

/**
 * The same rule on safe integers without BigInt (the rating hot path). Falls back to BigInt when
 * 2·|n| + d would leave the exactly representable range.
 */
export function divideRoundHalfAwayFromZeroSafe(numerator: number, denominator: number): number {
  if (!(denominator > 0) || !Number.isSafeInteger(denominator) || !Number.isSafeInteger(numerator)) {
    throw new RangeError('rounding: operands must be safe integers, denominator positive');
  }
  const magnitude = Math.abs(numerator);
  const twice = 2 * magnitude + denominator;
  if (twice > Number.MAX_SAFE_INTEGER) {
    return Number(divideRoundHalfAwayFromZero(BigInt(numerator), BigInt(denominator)));
  }
  const rounded = floorDivideNonNegative(twice, 2 * denominator);
  return numerator < 0 && rounded !== 0 ? -rounded : rounded;
}

/** floor(n / d) for safe non-negative n and positive d, exact despite floating-point division. */
function floorDivideNonNegative(numerator: number, denominator: number): number {
  let quotient = Math.floor(numerator / denominator);
  // The float quotient can land one off near an integer; the remainder check makes it exact.
  const remainder = numerator - quotient * denominator;
  if (remainder < 0) quotient -= 1;
  else if (remainder >= denominator) quotient += 1;
  return quotient;
}
