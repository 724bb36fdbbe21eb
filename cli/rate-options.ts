/**
 * The rate-group settings `tollgate rate` takes as flags: markup %, default increments and the
 * max call length. Bad values are usage errors (exit 2), naming the flag.
 */
import { parseDecimal } from '../core/money/decimal';
import { MAX_DECK_SECONDS } from '../core/decks/cells';
import {
  DEFAULT_MAX_CALL_SECONDS,
  MARKUP_SCALE,
  MAX_MARKUP_UNITS,
  type RateGroupPricing,
} from '../core/rating/rate';
import { UsageError } from './io';

export interface RateFlags {
  readonly markup?: string | undefined;
  readonly 'default-initial-increment'?: string | undefined;
  readonly 'default-increment'?: string | undefined;
  readonly 'max-seconds'?: string | undefined;
}

/** A cap beyond a year is a typo, not a call. */
const MAX_CAP_SECONDS = 366 * 86_400;

export function pricingFromFlags(flags: RateFlags): RateGroupPricing {
  return {
    markupUnits: markupUnits(flags.markup),
    defaultInitialIncrementSeconds: wholeSeconds('--default-initial-increment', flags['default-initial-increment'], 0, MAX_DECK_SECONDS),
    defaultIncrementSeconds: wholeSeconds('--default-increment', flags['default-increment'], 0, MAX_DECK_SECONDS),
  };
}

export function capFromFlags(flags: RateFlags): number {
  return wholeSeconds('--max-seconds', flags['max-seconds'], DEFAULT_MAX_CALL_SECONDS, MAX_CAP_SECONDS);
}

function markupUnits(text: string | undefined): number {
  if (text === undefined) return 0;
  const parsed = parseDecimal(text, {
    scale: MARKUP_SCALE,
    allowNegative: false,
    maxScaled: MAX_MARKUP_UNITS,
  });
  if (!parsed.ok) {
    throw new UsageError(`--markup "${text}": a percentage from 0 to 1000 with at most 4 decimals`);
  }
  return parsed.value;
}

function wholeSeconds(flag: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const trimmed = text.trim();
  if (!/^[0-9]+$/.test(trimmed) || Number(trimmed) > max) {
    throw new UsageError(`${flag} "${text}": whole seconds from 0 to ${max}`);
  }
  return Number(trimmed);
}
