/**
 * Money is an integer count of micro-units of the account's currency (1 unit = 1,000,000
 * micros), kept as a safe integer. Decimal strings exist only where people read or type money.
 */
import { formatDecimal, parseDecimal, type DecimalParse } from './decimal';

export type Micros = number & { readonly __unit: 'micros' };

export const MICROS_PER_UNIT = 1_000_000;
export const MONEY_DECIMALS = 6;

/** Asserts (always on) that `value` is a safe integer and brands it. */
export function micros(value: number): Micros {
  if (!Number.isSafeInteger(value)) throw new RangeError(`micros: ${value} is not a safe integer`);
  return value as Micros;
}

/** Parses money typed by a person; `-` only where the field allows negatives. */
export function parseMoney(text: string, options: { allowNegative: boolean }): DecimalParse {
  return parseDecimal(text, { scale: MONEY_DECIMALS, allowNegative: options.allowNegative });
}

/** `700000` -> `"0.700000"`: always six decimals, so parseMoney(formatMoney(x)) = x. */
export function formatMoney(amountMicros: number): string {
  return formatDecimal(amountMicros, MONEY_DECIMALS);
}

/** Sum that asserts the result stays exact. */
export function addMicros(a: number, b: number): Micros {
  return micros(a + b);
}
