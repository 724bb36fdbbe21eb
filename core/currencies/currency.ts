/**
 * Currencies of the deployment: an ISO 4217 code and its rate to the base currency (the
 * operator's), with up to 9 decimals like `core/chain/currency.ts` reads them. Every change is
 * kept as history, so a past conversion can be explained by the rate in force at its time.
 */
import { EXCHANGE_RATE_DECIMALS } from '../chain/currency';
import { parseDecimal } from '../money/decimal';

export const CURRENCY_CODE = /^[A-Z]{3}$/;

export interface CurrencyRate {
  readonly code: string;
  /** Units of the base currency per unit of `code`, e.g. EUR "1.0865" in a USD deployment. */
  readonly rateToBase: string;
  readonly updatedAtEpochMs: number;
  readonly updatedBy: string;
}

export type RateParse =
  | { readonly ok: true; readonly rate: string }
  | { readonly ok: false; readonly code: 'invalid_exchange_rate'; readonly message: string };

/** A positive decimal with at most 9 decimals, returned in canonical form. */
export function parseRateToBase(text: string): RateParse {
  const parsed = parseDecimal(text, { scale: EXCHANGE_RATE_DECIMALS, allowNegative: false });
  if (!parsed.ok || parsed.value === 0) {
    return {
      ok: false,
      code: 'invalid_exchange_rate',
      message: `must be a positive decimal with at most ${EXCHANGE_RATE_DECIMALS} decimals`,
    };
  }
  return { ok: true, rate: text.trim() };
}

/** The rate in force at `atEpochMs`, from a history sorted oldest first. */
export function rateAt(
  history: readonly CurrencyRate[],
  atEpochMs: number,
): CurrencyRate | undefined {
  let found: CurrencyRate | undefined;
  for (const entry of history) if (entry.updatedAtEpochMs <= atEpochMs) found = entry;
  return found;
}
