/**
 * The customer amount of a grant or top-up in each reseller level's currency. Rates are the
 * deployment's currencies (core/currencies: units of the base currency per unit of a code, up
 * to 9 decimals); amount in `from` → base → `to` is the exact fraction
 * amount · rateToBase(from) / rateToBase(to), rounded up once (`CONVERT_UP`), so a level never
 * holds less than the customer amount is worth to it.
 */
import { EXCHANGE_RATE_DECIMALS } from '../chain/currency';
import { parseDecimal } from '../money/decimal';
import { convertMicrosRoundingUp } from '../money/rounding';

export interface LeaseCurrencies {
  /** The operator's currency (rate 1). */
  readonly baseCurrency: string;
  /** Every other currency's rate to the base, as `CurrencyRate.rateToBase` (e.g. "1.0865"). */
  readonly rates: readonly { readonly code: string; readonly rateToBase: string }[];
}

export type LeaseConversion =
  | { readonly ok: true; readonly micros: number }
  | { readonly ok: false; readonly code: 'no_exchange_rate'; readonly message: string };

const SCALE = 10n ** BigInt(EXCHANGE_RATE_DECIMALS);

export function convertLeaseAmount(
  amountMicros: number,
  from: string,
  to: string,
  currencies: LeaseCurrencies,
): LeaseConversion {
  if (from === to) return { ok: true, micros: amountMicros };
  const fromRate = scaledRate(from, currencies);
  const toRate = scaledRate(to, currencies);
  if (fromRate === null || toRate === null) {
    const message = `no exchange rate between ${from} and ${to}`;
    return { ok: false, code: 'no_exchange_rate', message };
  }
  return { ok: true, micros: convertMicrosRoundingUp(amountMicros, fromRate, toRate) };
}

/** rateToBase × 10^9 as an exact integer; null when unknown or not a positive rate. */
function scaledRate(code: string, currencies: LeaseCurrencies): bigint | null {
  if (code === currencies.baseCurrency) return SCALE;
  const entry = currencies.rates.find((rate) => rate.code === code);
  if (entry === undefined) return null;
  const rules = { scale: EXCHANGE_RATE_DECIMALS, allowNegative: false };
  const parsed = parseDecimal(entry.rateToBase, rules);
  return parsed.ok && parsed.value > 0 ? BigInt(parsed.value) : null;
}
