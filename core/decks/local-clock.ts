/**
 * The local minute of the week (Monday 00:00 = 0) of an instant in an IANA timezone, for rate
 * windows. DST-aware through Intl.DateTimeFormat, but fast enough for rating millions of CDRs:
 * every UTC offset in use since 1970 is a multiple of 15 minutes and changes only at a wall-clock
 * time, so the offset is constant within each 15-minute UTC slot and is cached per slot.
 */
import { MINUTES_PER_DAY as DAY_MINUTES, MINUTES_PER_WEEK as WEEK_MINUTES } from './windows';

// Module constants, not the imported bindings: under tsx an imported name costs a getter call
// per use, and minuteOfWeek runs once per rated CDR.
const MINUTES_PER_DAY = DAY_MINUTES;
const MINUTES_PER_WEEK = WEEK_MINUTES;

const SLOT_MS = 15 * 60_000;
/** Slots cached per timezone before the cache starts over (about 1 MB; ~10 years of hours). */
const MAX_CACHED_SLOTS = 100_000;
/** 1970-01-01 was a Thursday: Monday-based day 3. */
const EPOCH_MINUTE_OF_WEEK = 3 * MINUTES_PER_DAY;

export class LocalClock {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly offsetMinutesBySlot = new Map<number, number>();

  /** Throws RangeError for an unknown timezone: check names with `isTimeZone` first. */
  constructor(readonly timeZone: string) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  }

  /** Local minute of the week at `epochMs` (Monday 00:00 = 0, Sunday 23:59 = 10,079). */
  minuteOfWeek(epochMs: number): number {
    const localMinutes = Math.floor(epochMs / 60_000) + this.offsetMinutes(epochMs);
    const minute = (localMinutes + EPOCH_MINUTE_OF_WEEK) % MINUTES_PER_WEEK;
    return minute < 0 ? minute + MINUTES_PER_WEEK : minute;
  }

  /** Local time minus UTC, in minutes, at `epochMs`. */
  offsetMinutes(epochMs: number): number {
    const slot = Math.floor(epochMs / SLOT_MS);
    const cached = this.offsetMinutesBySlot.get(slot);
    if (cached !== undefined) return cached;
    if (this.offsetMinutesBySlot.size >= MAX_CACHED_SLOTS) this.offsetMinutesBySlot.clear();
    const offset = this.computeOffsetMinutes(slot * SLOT_MS);
    this.offsetMinutesBySlot.set(slot, offset);
    return offset;
  }

  private computeOffsetMinutes(epochMs: number): number {
    const fields: Record<string, number> = {};
    for (const part of this.formatter.formatToParts(epochMs)) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(
      fields.year ?? 1970,
      (fields.month ?? 1) - 1,
      fields.day ?? 1,
      fields.hour ?? 0,
      fields.minute ?? 0,
    );
    // Exact: the slot starts on a whole minute and the formatter shows whole minutes.
    return Math.trunc((asUtc - epochMs) / 60_000);
  }
}

const clocks = new Map<string, LocalClock>();

/** One clock per timezone for the process: formatters are expensive to build. */
export function localClock(timeZone: string): LocalClock {
  let clock = clocks.get(timeZone);
  if (clock === undefined) {
    clock = new LocalClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
