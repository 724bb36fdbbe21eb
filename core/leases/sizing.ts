/**
 * How much the edge asks for: LEASE_HORIZON_SECONDS of the account's recent spend, rounded up,
 * within [MIN_LEASE_MICROS, MAX_LEASE_MICROS]; FIRST_LEASE_MICROS with no recent spend. When a
 * grant is refused for funds the edge halves the ask down to the minimum, so a small balance
 * still yields a small lease instead of none.
 */
import { divideRoundUp } from '../money/rounding';
import {
  FIRST_LEASE_MICROS,
  LEASE_HORIZON_SECONDS,
  MAX_LEASE_MICROS,
  MIN_LEASE_MICROS,
} from './defaults';

export interface RecentSpend {
  /** Customer-level cost of the calls that ended in the window (micros of its currency). */
  readonly spentMicros: number;
  /** How long the window was (> 0). */
  readonly windowSeconds: number;
}

export function nextLeaseAmountMicros(recent: RecentSpend): number {
  if (!Number.isSafeInteger(recent.spentMicros) || recent.spentMicros < 0) {
    throw new RangeError('lease size: spent must be non-negative integer micros');
  }
  if (!(recent.windowSeconds > 0) || !Number.isSafeInteger(recent.windowSeconds)) {
    throw new RangeError('lease size: the window must be whole seconds > 0');
  }
  if (recent.spentMicros === 0) return FIRST_LEASE_MICROS;
  const scaled = divideRoundUp(
    BigInt(recent.spentMicros) * BigInt(LEASE_HORIZON_SECONDS),
    BigInt(recent.windowSeconds),
  );
  if (scaled > BigInt(MAX_LEASE_MICROS)) return MAX_LEASE_MICROS;
  return Math.max(MIN_LEASE_MICROS, Number(scaled));
}

/** After `insufficient_funds`: half the refused ask (rounded up), or null below the minimum. */
export function smallerLeaseAmountMicros(refusedMicros: number): number | null {
  if (refusedMicros <= MIN_LEASE_MICROS) return null;
  const half = Number(divideRoundUp(BigInt(refusedMicros), 2n));
  return Math.max(MIN_LEASE_MICROS, half);
}
