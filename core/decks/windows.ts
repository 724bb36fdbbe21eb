/**
 * Time-of-day windows on deck rows (the native `tollgate` format's `weekdays`, `time_from`,
 * `time_to`). A window is a set of minutes of the local week, Monday 00:00 = minute 0:
 *
 * - `weekdays`: `mon-fri`, `sat,sun`, `mon-wed,fri` (a range may wrap: `fri-mon`); empty = all.
 * - `time_from`/`time_to`: `HH:MM`, `time_to` exclusive; `00:00`–`24:00` is the whole day; both
 *   empty also means the whole day; equal times are an error.
 * - A window whose `time_to` is before its `time_from` wraps past midnight and belongs to the day
 *   it starts on: `fri 22:00-02:00` covers Friday 22:00 up to Saturday 02:00.
 *
 * Windows are evaluated in the rate group's timezone (see `local-clock.ts`), so they follow DST.
 */

export interface RateWindow {
  /** Bit 0 = Monday … bit 6 = Sunday. */
  readonly weekdayMask: number;
  /** 0–1439. */
  readonly fromMinute: number;
  /** 1–1440, exclusive; below `fromMinute` means the window wraps past midnight. */
  readonly toMinute: number;
}

export type WindowErrorCode = 'invalid_weekdays' | 'invalid_time' | 'empty_window';

export type WindowParse =
  | { readonly ok: true; readonly window: RateWindow | null }
  | {
      readonly ok: false;
      readonly code: WindowErrorCode;
      /** Which of the three columns is wrong. */
      readonly column: 'weekdays' | 'time_from' | 'time_to';
      readonly message: string;
    };

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
export const EVERY_DAY_MASK = 0b111_1111;
export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const CLOCK = /^([0-9]{2}):([0-9]{2})$/;

/** Parses the three window cells of one row; all empty = no window (the row applies always). */
export function parseWindow(weekdays: string, timeFrom: string, timeTo: string): WindowParse {
  const days = weekdays.trim();
  const from = timeFrom.trim();
  const to = timeTo.trim();
  if (days === '' && from === '' && to === '') return { ok: true, window: null };
  const weekdayMask = days === '' ? EVERY_DAY_MASK : parseWeekdays(days);
  if (weekdayMask === null) {
    return fail('invalid_weekdays', 'weekdays', `"${days}" is not like mon-fri or sat,sun`);
  }
  if ((from === '') !== (to === '')) {
    const column = from === '' ? 'time_from' : 'time_to';
    return fail('invalid_time', column, 'time_from and time_to must be given together');
  }
  const fromMinute = from === '' ? 0 : parseClock(from);
  const toMinute = to === '' ? MINUTES_PER_DAY : parseClock(to);
  if (fromMinute === null || fromMinute === MINUTES_PER_DAY) {
    return fail('invalid_time', 'time_from', `"${from}" is not a time from 00:00 to 23:59`);
  }
  if (toMinute === null) {
    return fail('invalid_time', 'time_to', `"${to}" is not a time from 00:00 to 24:00`);
  }
  if (fromMinute === toMinute || (fromMinute === 0 && toMinute === 0)) {
    return fail('empty_window', 'time_to', `time_from and time_to are equal (${from})`);
  }
  return { ok: true, window: { weekdayMask, fromMinute, toMinute } };
}

/** `mon-fri,sun` → bit mask; `null` when any part is not a day name or a range of two. */
export function parseWeekdays(text: string): number | null {
  let mask = 0;
  for (const part of text.toLowerCase().split(',')) {
    const ends = part.split('-').map((name) => dayIndex(name.trim()));
    const [first, last] = ends;
    if (ends.length > 2 || first === undefined || first < 0) return null;
    const end = last ?? first;
    if (end < 0) return null;
    // A range may wrap the week (fri-mon), the way operators write weekend tariffs.
    for (let day = first; ; day = (day + 1) % 7) {
      mask |= 1 << day;
      if (day === end) break;
    }
  }
  return mask;
}

/** `HH:MM` → minutes since midnight, up to 24:00 (1440); `null` otherwise. */
export function parseClock(text: string): number | null {
  const match = CLOCK.exec(text);
  if (match === null) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

/** Whether `window` is in force at `minuteOfWeek` (local time, Monday 00:00 = 0). */
export function windowInForce(
  weekdayMask: number,
  fromMinute: number,
  toMinute: number,
  minuteOfWeek: number,
): boolean {
  const day = (minuteOfWeek / MINUTES_PER_DAY) | 0;
  const minute = minuteOfWeek - day * MINUTES_PER_DAY;
  if (fromMinute < toMinute) {
    return ((weekdayMask >> day) & 1) === 1 && minute >= fromMinute && minute < toMinute;
  }
  // Wraps past midnight: the evening part belongs to `day`, the early part to the day before.
  if (((weekdayMask >> day) & 1) === 1 && minute >= fromMinute) return true;
  const previousDay = day === 0 ? 6 : day - 1;
  return ((weekdayMask >> previousDay) & 1) === 1 && minute < toMinute;
}

export function isInForce(window: RateWindow, minuteOfWeek: number): boolean {
  return windowInForce(window.weekdayMask, window.fromMinute, window.toMinute, minuteOfWeek);
}

/**
 * Whether two windows share at least one minute of the week (then one prefix cannot have both).
 * Compares the windows' minute intervals (at most 14 each) instead of the 10,080 minutes, so a
 * deck with many windowed prefixes compiles quickly.
 */
export function windowsOverlap(a: RateWindow, b: RateWindow): boolean {
  const left = weekIntervals(a);
  const right = weekIntervals(b);
  for (let i = 0; i < left.length; i += 2) {
    for (let j = 0; j < right.length; j += 2) {
      const start = Math.max(left[i] ?? 0, right[j] ?? 0);
      const end = Math.min(left[i + 1] ?? 0, right[j + 1] ?? 0);
      if (start < end) return true;
    }
  }
  return false;
}

/** The window as half-open [start, end) minute-of-week pairs, split where it wraps the week. */
export function weekIntervals(window: RateWindow): number[] {
  const bounds: number[] = [];
  const length = (window.toMinute - window.fromMinute + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const span = length === 0 ? MINUTES_PER_DAY : length;
  for (let day = 0; day < 7; day += 1) {
    if (((window.weekdayMask >> day) & 1) === 0) continue;
    const start = day * MINUTES_PER_DAY + window.fromMinute;
    const end = start + span;
    if (end <= MINUTES_PER_WEEK) bounds.push(start, end);
    else bounds.push(start, MINUTES_PER_WEEK, 0, end - MINUTES_PER_WEEK);
  }
  return bounds;
}

/** Canonical text, e.g. `mon-fri 08:00-18:00`, `sat,sun 00:00-24:00`: what a CDR records. */
export function formatWindow(window: RateWindow): string {
  const days = formatWeekdays(window.weekdayMask);
  return `${days} ${clock(window.fromMinute)}-${clock(window.toMinute)}`;
}

export function formatWeekdays(mask: number): string {
  const parts: string[] = [];
  let day = 0;
  while (day < 7) {
    if (((mask >> day) & 1) === 0) {
      day += 1;
      continue;
    }
    let end = day;
    while (end + 1 < 7 && ((mask >> (end + 1)) & 1) === 1) end += 1;
    const first = WEEKDAY_NAMES[day] ?? '';
    const last = WEEKDAY_NAMES[end] ?? '';
    parts.push(end === day ? first : end === day + 1 ? `${first},${last}` : `${first}-${last}`);
    day = end + 1;
  }
  return parts.join(',');
}

function clock(minutes: number): string {
  const hours = String((minutes / 60) | 0).padStart(2, '0');
  return `${hours}:${String(minutes % 60).padStart(2, '0')}`;
}

function dayIndex(name: string): number {
  return (WEEKDAY_NAMES as readonly string[]).indexOf(name);
}

type WindowColumn = 'weekdays' | 'time_from' | 'time_to';

function fail(code: WindowErrorCode, column: WindowColumn, message: string): WindowParse {
  return { ok: false, code, column, message };
}
