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

/**
 * Rule `CONVERT_HALF_AWAY_FROM_ZERO` (reseller chains): an amount converted into another
 * currency at an exact rate `rateNumerator / rateDenominator` (target units per source unit),
 * rounded half away from zero to a whole micro, once per conversion.
 */
export function convertMicrosHalfAwayFromZero(
  amountMicros: number,
  rateNumerator: bigint,
  rateDenominator: bigint,
): number {
  if (!Number.isSafeInteger(amountMicros) || rateNumerator <= 0n) {
    throw new RangeError('rounding: convert needs integer micros and a positive rate');
  }
  const converted = divideRoundHalfAwayFromZero(BigInt(amountMicros) * rateNumerator, rateDenominator);
  if (converted > BigInt(Number.MAX_SAFE_INTEGER) || -converted > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError('rounding: converted amount exceeds 2^53 micros');
  }
  return Number(converted);
}

/**
 * The inverse of `CONVERT_HALF_AWAY_FROM_ZERO` for authorization: the largest x >= 0 whose
 * conversion is at most `limitMicros` (>= 0). For x >= 0 the rule is floor((2·x·n + d) / (2·d)),
 * and floor((2xn + d) / 2d) <= L  ⟺  2xn + d < 2d(L + 1)  ⟺  x <= floor((2dL + d − 1) / 2n).
 * Capped at 2^53 − 1.
 */
export function largestMicrosConvertingWithin(
  limitMicros: number,
  rateNumerator: bigint,
  rateDenominator: bigint,
): number {
  if (!Number.isSafeInteger(limitMicros) || limitMicros < 0 || rateNumerator <= 0n || rateDenominator <= 0n) {
    throw new RangeError('rounding: inverse convert needs a non-negative limit and a positive rate');
  }
  const d = rateDenominator;
  const largest = (2n * d * BigInt(limitMicros) + d - 1n) / (2n * rateNumerator);
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(largest > max ? max : largest);
}

/**
 * Rule `ROUND_UP` (credit leases): exact n / d rounded towards +∞, for integers; d positive. A
 * reservation must never be smaller than the money it stands for, so holds round up.
 */
export function divideRoundUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('rounding: denominator must be positive');
  const quotient = numerator / denominator;
  // BigInt division truncates towards zero: only a positive remainder needs one more.
  return numerator % denominator > 0n ? quotient + 1n : quotient;
}

/**
 * Rule `CONVERT_UP` (credit leases): `amountMicros` (>= 0) converted at the exact rate
 * `rateNumerator / rateDenominator`, rounded up to a whole micro, once per conversion, so a
 * reseller level never holds less than the customer amount is worth in its currency.
 */
export function convertMicrosRoundingUp(
  amountMicros: number,
  rateNumerator: bigint,
  rateDenominator: bigint,
): number {
  if (!Number.isSafeInteger(amountMicros) || amountMicros < 0 || rateNumerator <= 0n) {
    throw new RangeError('rounding: convert up needs non-negative micros and a positive rate');
  }
  const converted = divideRoundUp(BigInt(amountMicros) * rateNumerator, rateDenominator);
  if (converted > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError('rounding: converted amount exceeds 2^53 micros');
  }
  return Number(converted);
}
