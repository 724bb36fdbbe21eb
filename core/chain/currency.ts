/**
 * Exchange rates for reseller chains: each level is charged in its own currency. A rate is a
 * decimal with up to 9 decimals ("1 EUR = 1.0865 USD"), kept as the exact fraction
 * units/10^9; the inverse direction uses the inverted fraction (exact, no second rate needed).
 * Converting rounds with the money module's `CONVERT_HALF_AWAY_FROM_ZERO` rule.
 */
import { parseDecimal } from '../money/decimal';
import { convertMicrosHalfAwayFromZero, largestMicrosConvertingWithin } from '../money/rounding';

export const EXCHANGE_RATE_DECIMALS = 9;
const RATE_DENOMINATOR = 10n ** BigInt(EXCHANGE_RATE_DECIMALS);
const CURRENCY = /^[A-Z]{3}$/;

export interface ExchangeRateInput {
  readonly from: string;
  readonly to: string;
  /** Units of `to` per unit of `from`, e.g. "1.0865". */
  readonly rate: string;
}

interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export type ConversionError = {
  readonly ok: false;
  readonly code: 'invalid_exchange_rate' | 'no_exchange_rate';
  readonly message: string;
};

export type Converted = { readonly ok: true; readonly micros: number } | ConversionError;

export class ConversionTable {
  private constructor(private readonly rates: ReadonlyMap<string, Fraction>) {}

  static parse(
    inputs: readonly ExchangeRateInput[],
  ): { ok: true; table: ConversionTable } | ConversionError {
    const rates = new Map<string, Fraction>();
    for (const input of inputs) {
      if (!CURRENCY.test(input.from) || !CURRENCY.test(input.to) || input.from === input.to) {
        return invalid(`${input.from}→${input.to} is not a pair of two ISO currency codes`);
      }
      const rules = { scale: EXCHANGE_RATE_DECIMALS, allowNegative: false };
      const parsed = parseDecimal(input.rate, rules);
      if (!parsed.ok || parsed.value === 0) {
        return invalid(`${input.from}→${input.to}: "${input.rate}" is not a positive rate`);
      }
      if (rates.has(key(input.from, input.to)) || rates.has(key(input.to, input.from))) {
        return invalid(`${input.from}/${input.to} has two rates`);
      }
      const fraction = { numerator: BigInt(parsed.value), denominator: RATE_DENOMINATOR };
      rates.set(key(input.from, input.to), fraction);
    }
    return { ok: true, table: new ConversionTable(rates) };
  }

  /** `amountMicros` of `from` in `to` (unchanged when equal), rounded once. */
  convert(amountMicros: number, from: string, to: string): Converted {
    const fraction = this.fraction(from, to);
    if (fraction === null) return missing(from, to);
    const { numerator, denominator } = fraction;
    const micros = convertMicrosHalfAwayFromZero(amountMicros, numerator, denominator);
    return { ok: true, micros };
  }

  /** The largest amount of `from` that converts to at most `limitMicros` of `to` (limit >= 0). */
  largestWithin(limitMicros: number, from: string, to: string): Converted {
    const fraction = this.fraction(from, to);
    if (fraction === null) return missing(from, to);
    const { numerator, denominator } = fraction;
    return { ok: true, micros: largestMicrosConvertingWithin(limitMicros, numerator, denominator) };
  }

  private fraction(from: string, to: string): Fraction | null {
    if (from === to) return { numerator: 1n, denominator: 1n };
    const direct = this.rates.get(key(from, to));
    if (direct !== undefined) return direct;
    const inverse = this.rates.get(key(to, from));
    if (inverse === undefined) return null;
    return { numerator: inverse.denominator, denominator: inverse.numerator };
  }
}

function key(from: string, to: string): string {
  return `${from}>${to}`;
}

function invalid(message: string): ConversionError {
  return { ok: false, code: 'invalid_exchange_rate', message };
}

function missing(from: string, to: string): ConversionError {
  const message = `no exchange rate between ${from} and ${to}`;
  return { ok: false, code: 'no_exchange_rate', message };
}
