// Proves the native `tollgate` format's window columns through the streaming validator: cell
// errors name their column, overlapping windows of one prefix are an error on the later line
// naming the earlier, and validated rows compile to a deck whose windowed row wins in force.
import { describe, expect, it } from 'vitest';
import { LookupCursor, lookupRow } from './compiled/lookup';
import { deckFromRates } from './compiled/from-rates';
import { DECK_FORMATS } from './formats';
import { readDeck } from './read-deck';

const HEADER = 'prefix,destination,connect,included_seconds,per_minute,initial_increment,increment,weekdays,time_from,time_to';

async function validate(...rows: string[]) {
  async function* source() {
    yield `${[HEADER, ...rows].join('\n')}\n`;
  }
  return readDeck(source(), DECK_FORMATS.tollgate, { keepRates: true });
}

describe('tollgate format windows', () => {
  it('accepts a window-less row plus non-overlapping windowed rows of one prefix', async () => {
    const deck = await validate(
      '44,UK,0,0,0.05,60,60,,,',
      '44,UK peak,0,0,0.09,60,60,mon-fri,08:00,18:00',
      '44,UK night,0,0,0.02,60,60,mon-fri,22:00,06:00',
      '44,UK weekend,0,0,0.01,60,60,"sat,sun",06:00,22:00',
    );
    expect(deck.report).toMatchObject({ rows: 4, accepted: 4, errors: [], warnings: [] });
    const built = deckFromRates(deck.rates);
    if (!built.ok) throw new Error(built.message);
    const cursor = new LookupCursor();
    // Tuesday 23:00 (minute 1440 + 1380): the night row (it started Tuesday 22:00).
    lookupRow(built.deck, '442079460000', 1440 + 23 * 60, cursor);
    expect(built.deck.termsOfRow(cursor.row).perMinuteMicros).toBe(20_000);
    // Tuesday 19:00: no window in force, the window-less row.
    lookupRow(built.deck, '442079460000', 1440 + 19 * 60, cursor);
    expect(built.deck.termsOfRow(cursor.row).perMinuteMicros).toBe(50_000);
  });

  it('rejects an overlapping window on the later line, naming the earlier', async () => {
    const deck = await validate('44,UK peak,0,0,0.09,60,60,mon-fri,08:00,18:00', '44,UK late,0,0,0.07,60,60,fri,17:00,20:00');
    expect(deck.report.accepted).toBe(1);
    expect(deck.report.errors).toEqual([
      expect.objectContaining({ line: 3, column: 'weekdays', code: 'window_overlap', message: expect.stringContaining('line 2') }),
    ]);
  });

  it('names the wrong window column', async () => {
    const deck = await validate(
      '1,A,0,0,0.01,1,1,mon-xyz,08:00,09:00',
      '2,B,0,0,0.01,1,1,mon,8:00,09:00',
      '3,C,0,0,0.01,1,1,mon,08:00,08:00',
      '4,D,0,0,0.01,1,1,mon,08:00,',
      '5,E,0,0,0.01,1,1,mon,24:00,02:00',
    );
    expect(deck.report.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'weekdays', 'invalid_weekdays'],
      [3, 'time_from', 'invalid_time'],
      [4, 'time_to', 'empty_window'],
      [5, 'time_to', 'invalid_time'],
      [6, 'time_from', 'invalid_time'],
    ]);
  });
});
