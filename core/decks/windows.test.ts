// Proves window parsing, wrap past midnight (belongs to the start day), overlap and DST-aware
// local time, by examples with the minute arithmetic stated and fast-check properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalClock, isTimeZone } from './local-clock';
import {
  formatWindow,
  isInForce,
  parseWeekdays,
  parseWindow,
  windowsOverlap,
  type RateWindow,
} from './windows';

const DAY = 1440;
const at = (day: number, hh: number, mm = 0): number => day * DAY + hh * 60 + mm;
const MON = 0;
const FRI = 4;
const SAT = 5;
const SUN = 6;

function window(days: string, from: string, to: string): RateWindow {
  const parsed = parseWindow(days, from, to);
  if (!parsed.ok || parsed.window === null) throw new Error(`bad window ${days} ${from} ${to}`);
  return parsed.window;
}

describe('parseWindow', () => {
  it('reads weekdays, ranges and lists (Monday = bit 0)', () => {
    expect(parseWeekdays('mon-fri')).toBe(0b001_1111);
    expect(parseWeekdays('sat,sun')).toBe(0b110_0000);
    expect(parseWeekdays('Fri-Mon')).toBe(0b111_0001);
    expect(parseWeekdays('mon,,tue')).toBeNull();
    expect(parseWeekdays('monday')).toBeNull();
  });

  it('treats three empty cells as no window and 00:00-24:00 as the whole day', () => {
    expect(parseWindow('', '', '')).toEqual({ ok: true, window: null });
    expect(window('sat,sun', '00:00', '24:00')).toEqual({ weekdayMask: 0b110_0000, fromMinute: 0, toMinute: 1440 });
    expect(window('sat', '', '')).toEqual({ weekdayMask: 0b010_0000, fromMinute: 0, toMinute: 1440 });
  });

  it('rejects equal times, bad clocks and a lone time', () => {
    expect(parseWindow('mon', '08:00', '08:00')).toMatchObject({ ok: false, code: 'empty_window' });
    expect(parseWindow('mon', '00:00', '00:00')).toMatchObject({ ok: false, code: 'empty_window' });
    expect(parseWindow('mon', '24:00', '02:00')).toMatchObject({ ok: false, column: 'time_from' });
    expect(parseWindow('mon', '08:00', '24:01')).toMatchObject({ ok: false, column: 'time_to' });
    expect(parseWindow('mon', '8:00', '09:00')).toMatchObject({ ok: false, code: 'invalid_time' });
    expect(parseWindow('mon', '08:00', '')).toMatchObject({ ok: false, code: 'invalid_time' });
    expect(parseWindow('xyz', '08:00', '09:00')).toMatchObject({ ok: false, code: 'invalid_weekdays' });
  });

  it('formats canonically', () => {
    expect(formatWindow(window('fri-mon', '22:00', '02:00'))).toBe('mon,fri-sun 22:00-02:00');
    expect(formatWindow(window('mon-fri', '08:00', '18:00'))).toBe('mon-fri 08:00-18:00');
  });
});

describe('isInForce', () => {
  it('is half-open: 08:00 in, 17:59 in, 18:00 out', () => {
    const business = window('mon-fri', '08:00', '18:00');
    expect(isInForce(business, at(MON, 7, 59))).toBe(false);
    expect(isInForce(business, at(MON, 8))).toBe(true);
    expect(isInForce(business, at(FRI, 17, 59))).toBe(true);
    expect(isInForce(business, at(FRI, 18))).toBe(false);
    expect(isInForce(business, at(SAT, 12))).toBe(false);
  });

  it('wraps past midnight and belongs to the day it starts on', () => {
    const fridayNight = window('fri', '22:00', '02:00');
    expect(isInForce(fridayNight, at(FRI, 21, 59))).toBe(false);
    expect(isInForce(fridayNight, at(FRI, 22))).toBe(true);
    // Saturday 01:59 is Friday's window (started Friday 22:00); Saturday 22:00 is not.
    expect(isInForce(fridayNight, at(SAT, 1, 59))).toBe(true);
    expect(isInForce(fridayNight, at(SAT, 2))).toBe(false);
    expect(isInForce(fridayNight, at(SAT, 22))).toBe(false);
    // Friday 01:00 belongs to Thursday's night, which is not in the window.
    expect(isInForce(fridayNight, at(FRI, 1))).toBe(false);
  });

  it('wraps from Sunday night into Monday morning', () => {
    const sundayNight = window('sun', '23:00', '01:00');
    expect(isInForce(sundayNight, at(SUN, 23, 30))).toBe(true);
    expect(isInForce(sundayNight, at(MON, 0, 30))).toBe(true);
    expect(isInForce(sundayNight, at(MON, 1))).toBe(false);
  });

  it('covers exactly (to - from) mod 1440 minutes per chosen day', () => {
    const clock = fc.integer({ min: 0, max: 1439 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 127 }), clock, clock, (mask, from, to) => {
        fc.pre(from !== to);
        const w: RateWindow = { weekdayMask: mask, fromMinute: from, toMinute: to };
        let covered = 0;
        for (let minute = 0; minute < 7 * DAY; minute += 1) if (isInForce(w, minute)) covered += 1;
        const days = mask.toString(2).replaceAll('0', '').length;
        expect(covered).toBe(days * ((((to - from) % DAY) + DAY) % DAY));
      }),
      { numRuns: 40 },
    );
  });
});

describe('windowsOverlap', () => {
  it('sees a wrap into the next day', () => {
    const fridayNight = window('fri', '22:00', '02:00');
    expect(windowsOverlap(fridayNight, window('sat', '01:00', '08:00'))).toBe(true);
    expect(windowsOverlap(fridayNight, window('sat', '02:00', '08:00'))).toBe(false);
    expect(windowsOverlap(window('mon-fri', '08:00', '18:00'), window('sat,sun', '', ''))).toBe(false);
    expect(windowsOverlap(window('sun', '23:00', '01:00'), window('mon', '00:30', '00:40'))).toBe(true);
  });

  it('agrees with a minute-by-minute comparison', () => {
    const clock = fc.integer({ min: 0, max: 1440 });
    const anyWindow = fc
      .record({ weekdayMask: fc.integer({ min: 1, max: 127 }), fromMinute: clock, toMinute: clock })
      .filter((w) => w.fromMinute !== w.toMinute && w.fromMinute < 1440 && w.toMinute > 0);
    fc.assert(
      fc.property(anyWindow, anyWindow, (a, b) => {
        let shared = false;
        for (let minute = 0; minute < 7 * DAY && !shared; minute += 1) {
          shared = isInForce(a, minute) && isInForce(b, minute);
        }
        expect(windowsOverlap(a, b)).toBe(shared);
      }),
      { numRuns: 100 },
    );
  });
});

describe('LocalClock', () => {
  it('knows timezones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('follows the DST change in Europe/Berlin (2026-03-29, 02:00 CET -> 03:00 CEST)', () => {
    const berlin = new LocalClock('Europe/Berlin');
    // 00:59 UTC = 01:59 CET (+60); 01:00 UTC = 03:00 CEST (+120). 2026-03-29 is a Sunday.
    expect(berlin.minuteOfWeek(Date.parse('2026-03-29T00:59:00Z'))).toBe(at(SUN, 1, 59));
    expect(berlin.minuteOfWeek(Date.parse('2026-03-29T01:00:00Z'))).toBe(at(SUN, 3, 0));
    // Same UTC hour of a window, different local hour: 07:30 UTC is 08:30 CET on Friday 27 March
    // but 09:30 CEST on Monday 30 March.
    expect(berlin.minuteOfWeek(Date.parse('2026-03-27T07:30:00Z'))).toBe(at(FRI, 8, 30));
    expect(berlin.minuteOfWeek(Date.parse('2026-03-30T07:30:00Z'))).toBe(at(MON, 9, 30));
  });

  it('puts a window edge on the local clock across DST (New York, 2026-11-01 fall back)', () => {
    const newYork = new LocalClock('America/New_York');
    const earlyMorning = window('sun', '01:00', '02:00');
    // 05:30 UTC = 01:30 EDT (-240) and 06:30 UTC = 01:30 EST (-300): both in the window.
    expect(isInForce(earlyMorning, newYork.minuteOfWeek(Date.parse('2026-11-01T05:30:00Z')))).toBe(true);
    expect(isInForce(earlyMorning, newYork.minuteOfWeek(Date.parse('2026-11-01T06:30:00Z')))).toBe(true);
    expect(isInForce(earlyMorning, newYork.minuteOfWeek(Date.parse('2026-11-01T07:00:00Z')))).toBe(false);
  });

  it('agrees with Intl on random instants', () => {
    const zones = ['UTC', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Sao_Paulo'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 2 ** 41 }), (zone, epochMs) => {
        const parts = new Intl.DateTimeFormat('en-GB', {
          timeZone: zone,
          weekday: 'short',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).formatToParts(epochMs);
        const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
        const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday'));
        const expected = at(day, Number(get('hour')), Number(get('minute')));
        expect(new LocalClock(zone).minuteOfWeek(epochMs)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});
