/**
 * Cell parsers for the native `tollgate` format's window columns (`weekdays`, `time_from`,
 * `time_to`). Each cell is checked on its own here; row.ts then combines the three with
 * `parseWindow` (equal times, a lone time), so each error names the column that is wrong.
 */
import { clip } from '../text/clip';
import type { CellResult } from './cells';
import { parseClock, parseWeekdays } from './windows';

export function parseWeekdaysCell(cell: string): CellResult<string> {
  if (parseWeekdays(cell) === null) {
    const message = `"${clip(cell)}" is not like mon-fri or sat,sun`;
    return { ok: false, code: 'invalid_weekdays', message };
  }
  return { ok: true, value: cell };
}

/** A window starts at 00:00–23:59. */
export function parseTimeFromCell(cell: string): CellResult<string> {
  const minutes = parseClock(cell);
  if (minutes === null || minutes === 24 * 60) {
    const message = `"${clip(cell)}" is not a time HH:MM from 00:00 to 23:59`;
    return { ok: false, code: 'invalid_time', message };
  }
  return { ok: true, value: cell };
}

/** A window ends (exclusive) at 00:00–24:00. */
export function parseTimeToCell(cell: string): CellResult<string> {
  if (parseClock(cell) === null) {
    const message = `"${clip(cell)}" is not a time HH:MM from 00:00 to 24:00`;
    return { ok: false, code: 'invalid_time', message };
  }
  return { ok: true, value: cell };
}
