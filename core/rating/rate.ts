/**
 * A rate as a deck row defines it, and the rate-group settings that complete it. Amounts are
 * micros, durations whole seconds. Increments of 0 mean "use the rate group's default".
 */
export interface RateTerms {
  readonly connectMicros: number;
  readonly includedSeconds: number;
  readonly perMinuteMicros: number;
  readonly initialIncrementSeconds: number;
  readonly incrementSeconds: number;
}

/** Markup is a percentage with up to 4 decimals, kept as an integer in 1/10,000 of a percent. */
export const MARKUP_SCALE = 4;
export const MARKUP_UNITS_PER_PERCENT = 10_000;
/** 0 ≤ markup ≤ 1000 %. */
export const MAX_MARKUP_UNITS = 1000 * MARKUP_UNITS_PER_PERCENT;

export interface RateGroupPricing {
  /** markup % × 10,000 (e.g. 20 % = 200,000); multiplies the per-minute cost only. */
  readonly markupUnits: number;
  readonly defaultInitialIncrementSeconds: number;
  readonly defaultIncrementSeconds: number;
}

/** An account's maximum call length when none is configured: 3 hours. */
export const DEFAULT_MAX_CALL_SECONDS = 10_800;

export const NO_MARKUP: RateGroupPricing = {
  markupUnits: 0,
  defaultInitialIncrementSeconds: 0,
  defaultIncrementSeconds: 0,
};

/**
 * An on-net call's terms: the account's local per-minute charge by the second, no connect
 * cost (priced with NO_MARKUP). One definition, so the edge's max seconds and hold and the
 * rater's charge agree.
 */
export function localCallTerms(perMinuteMicros: number): RateTerms {
  return {
    connectMicros: 0,
    includedSeconds: 0,
    perMinuteMicros,
    initialIncrementSeconds: 0,
    incrementSeconds: 1,
  };
}
