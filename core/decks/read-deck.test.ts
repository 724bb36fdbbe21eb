// Proves the deck validator's report: physical lines (CRLF, BOM, multi-line quoted fields, blank
// lines), canonical column names, every code, the duplicate-prefix rule and the 10,000 cap; and
// (fast-check) that any bytes give a report — never a throw — whatever the chunking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECK_FORMATS, type DeckFormatName } from './formats';
import { readDeck } from './read-deck';

const HEADER = 'Code,Destination,Connect Cost,Included Seconds,Per Minute Cost,Initial Increment,Increment';

async function* chunks(text: string, size = 7): AsyncIterable<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function check(text: string, format: DeckFormatName = 'astpp-origination', size = 7) {
  return readDeck(chunks(text, size), DECK_FORMATS[format], { keepRates: true });
}

const where = (issues: readonly { line: number; column: string; code: string }[]) =>
  issues.map(({ line, column, code }) => `${line}:${column}:${code}`);

describe('readDeck', () => {
  it('reads ASTPP\'s own spellings: currency suffixes, ASTPP 4+ names, Priority for Precedence', async () => {
    const export3 = await check('Code,Destination,"Connect Cost(USD)",Included Seconds,"Per Minute Cost(EUR)",Initial Increment,Increment\n33,France,0.01,0,0.015,1,1\n');
    expect(export3.report.errors).toEqual([]);
    expect(export3.rates[0]).toMatchObject({ connectMicros: 10_000, perMinuteMicros: 15_000 });
    const astpp5 = await check('Code,Destination,Connection Cost (USD),Grace Time,Cost / Min (USD),Initial Increment,Increment\n44,UK,0,5,0.09,30,6\n');
    expect(astpp5.rates[0]).toMatchObject({ includedSeconds: 5, perMinuteMicros: 90_000, initialIncrementSeconds: 30 });
    const termination = await check(`${HEADER},Priority,Strip,Prepend\n44,UK,0,0,0.01,1,1,3,,\n`, 'astpp-termination');
    expect(termination.rates[0]).toMatchObject({ priority: 3 });
    // two spellings of one column are one column twice
    const twice = await check(`${HEADER},Connection Cost\n1,x,0,0,0.01,1,1,0\n`);
    expect(where(twice.report.errors)).toEqual(['1:Connect Cost:duplicate_column']);
  });

  it('reads a clean deck with a quoted comma; empty optional cells are 0', async () => {
    const { report, rates } = await check(`${HEADER}\n598,"Uruguay, Eastern Republic of",,,0.1000,60,60\n1,USA,0,0,0.012,6,6\n`);
    expect(report).toEqual({ rows: 2, accepted: 2, errors: [], warnings: [] });
    expect(rates[0]).toMatchObject({ prefix: '598', destination: 'Uruguay, Eastern Republic of', connectMicros: 0, includedSeconds: 0, perMinuteMicros: 100_000, line: 2 });
  });

  it('a space after the comma does not open a quoted field to splitting (", " separated exports)', async () => {
    const { report, rates } = await check(`${HEADER}\n598, "Uruguay, Eastern Republic of", 0.0000, 0, 0.1000, 60, 60\n`);
    expect(report).toEqual({ rows: 1, accepted: 1, errors: [], warnings: [] });
    expect(rates[0]).toMatchObject({ prefix: '598', destination: 'Uruguay, Eastern Republic of', perMinuteMicros: 100_000 });
  });

  it('matches columns by name in any order, case and inner whitespace folded', async () => {
    const header = ' per   MINUTE cost ,code,increment,INITIAL increment,included seconds,connect cost,destination';
    const { report, rates } = await check(`${header}\n0.5,44,1,1,0,0.01,UK\n`);
    expect(report.errors).toEqual([]);
    expect(rates[0]).toMatchObject({ prefix: '44', perMinuteMicros: 500_000, connectMicros: 10_000 });
  });

  it('counts physical lines through CRLF, a BOM, blank lines and multi-line quoted fields', async () => {
    const text = `\uFEFF${HEADER}\r\n\r\n1,"Multi\r\nLine",0,0,0.01,1,1\r\n,,,,,,\r\n2,X,0,0,abc,1,1\r\n`;
    const { report } = await check(text);
    // header 1, blank 2, record 3–4, all-empty 5 (blank, not counted), bad record on line 6
    expect(report.rows).toBe(2);
    expect(where(report.errors)).toEqual(['6:Per Minute Cost:invalid_money']);
  });

  it('reports every bad cell with the canonical column name and a code', async () => {
    const rows = [
      ',empty code,0,0,0.01,1,1',
      '12a,bad code,0,0,0.01,1,1',
      '123456789012345678901,too long,0,0,0.01,1,1',
      '3,x,1e2,0,0.01,1,1',
      '4,x,0.0000001,0,0.01,1,1',
      '5,x,-0.01,0,0.01,1,1',
      '6,x,0,86401,0.01,1,1',
      '7,x,0,0,,1,1',
      '8,x,0,0,0.01,1.5,-1',
      '9,x,0,0,0.01,1',
      '10,x,0,0,0.01,1,1,unexpected',
      '11,x,0,0,0.01,1,1,,,',
    ];
    const { report } = await check(`${HEADER}\n${rows.join('\n')}\n`);
    expect(where(report.errors)).toEqual([
      '2:Code:required',
      '3:Code:invalid_code',
      '4:Code:invalid_code',
      '5:Connect Cost:invalid_money',
      '6:Connect Cost:too_precise',
      '7:Connect Cost:negative_money',
      '8:Included Seconds:out_of_range',
      '9:Per Minute Cost:required',
      '10:Initial Increment:invalid_seconds',
      '10:Increment:invalid_seconds',
      '11:*:field_count',
      '12:*:field_count',
    ]);
    expect(report.rows).toBe(12);
    expect(report.accepted).toBe(1); // the row with trailing empty fields (Excel's commas)
    for (const error of report.errors) expect(error.message.length).toBeGreaterThan(10);
  });

  it('rejects the whole deck on a missing or duplicated column, naming it on line 1', async () => {
    const missing = await check('Code,Destination,Connect Cost,Included Seconds,Initial Increment,Increment\n1,x,0,0,1,1\n');
    expect(missing.report).toMatchObject({ rows: 0, accepted: 0 });
    expect(where(missing.report.errors)).toEqual(['1:Per Minute Cost:missing_column']);
    expect(missing.rates).toEqual([]);
    const twice = await check(`${HEADER},code\n1,x,0,0,0.01,1,1,1\n`);
    expect(where(twice.report.errors)).toEqual(['1:Code:duplicate_column']);
    expect(twice.report.rows).toBe(0);
  });

  it('an empty file misses every column; unknown columns are warnings', async () => {
    const empty = await check('');
    expect(empty.report.errors.map((e) => e.column)).toEqual([
      'Code', 'Destination', 'Connect Cost', 'Included Seconds', 'Per Minute Cost', 'Initial Increment', 'Increment',
    ]);
    const extra = await check(`${HEADER},Notes\n1,x,0,0,0.01,1,1,hello\n`);
    expect(extra.report.errors).toEqual([]);
    expect(where(extra.report.warnings)).toEqual(['1:Notes:unknown_column']);
  });

  it('duplicate prefix: higher per-minute wins, then higher connect, then the earlier row', async () => {
    const text = `${HEADER}\n1,a,0,0,0.01,1,1\n1,b,0,0,0.02,1,1\n1,c,0.5,0,0.02,1,1\n1,d,0.5,0,0.02,1,1\n`;
    const { report, rates } = await check(text);
    expect(report.accepted).toBe(4);
    expect(rates).toHaveLength(1);
    expect(rates[0]?.destination).toBe('c');
    expect(where(report.warnings)).toEqual(['2:Code:duplicate_prefix', '3:Code:duplicate_prefix', '5:Code:duplicate_prefix']);
  });

  it('an unclosed quote is reported at the line its record starts', async () => {
    const { report } = await check(`${HEADER}\n1,x,0,0,0.01,1,1\n2,"never closed,0,0,0.01,1,1\n3,y,0,0,0.01,1,1\n`);
    expect(where(report.errors)).toEqual(['3:*:invalid_csv']);
    expect(report.accepted).toBe(1);
  });

  it('text cells: bytes that are not UTF-8 and control characters are invalid_value', async () => {
    // A Latin-1 export: "C\xF4te" decodes to "C\uFFFDte"; a NUL inside a destination. A valid
    // multi-byte character split between 1-byte chunks is still one character.
    const latin1 = new Uint8Array([...new TextEncoder().encode(`${HEADER}\n225,C`), 0xf4, ...new TextEncoder().encode('te,0,0,0.1,1,1\n')]);
    async function* bytes(): AsyncIterable<Uint8Array> { yield latin1; }
    const latin = await readDeck(bytes(), DECK_FORMATS['astpp-origination'], { keepRates: false });
    expect(where(latin.report.errors)).toEqual(['2:Destination:invalid_value']);
    expect(latin.report.errors[0]?.message).toContain('UTF-8');
    const { report, rates } = await check(`${HEADER}\n1,a\u0000b,0,0,0.01,1,1\n2,"Tab\tand\nbreak",0,0,0.01,1,1\n3,Côte d'Ivoire,0,0,0.01,1,1\n`, 'astpp-origination', 1);
    expect(where(report.errors)).toEqual(['2:Destination:invalid_value']);
    expect(rates.map((r) => r.destination)).toEqual(['Tab\tand\nbreak', "Côte d'Ivoire"]);
  });

  it('keeps at most 10,000 errors and says it truncated', async () => {
    const bad = Array.from({ length: 10_050 }, (_, i) => `${i},x,0,0,bad,1,1`).join('\n');
    const { report } = await check(`${HEADER}\n${bad}\n`, 'astpp-origination', 65_536);
    expect(report.errors).toHaveLength(10_000);
    expect(report.truncated).toBe(true);
    expect(report.rows).toBe(10_050);
  });

  it('termination decks read Precedence as priority, Strip and Prepend', async () => {
    const text = `${HEADER},Precedence,Strip,Prepend\n44,UK,0,0,0.01,1,1,2,0044,+44\n45,x,0,0,0.01,1,1,x,a,\n`;
    const { report, rates } = await check(text, 'astpp-termination');
    expect(rates[0]).toMatchObject({ priority: 2, strip: '0044', prepend: '+44' });
    expect(where(report.errors)).toEqual(['3:Precedence:invalid_integer', '3:Strip:invalid_value']);
  });

  it('the native tollgate format uses snake_case names', async () => {
    const text = 'prefix,destination,connect,included_seconds,per_minute,initial_increment,increment\n49,DE,0,0,0.013,60,1\n';
    const { report, rates } = await check(text, 'tollgate');
    expect(report.errors).toEqual([]);
    expect(rates[0]).toMatchObject({ prefix: '49', perMinuteMicros: 13_000, initialIncrementSeconds: 60 });
  });

  it('never throws, and chunking never changes the report (fast-check)', async () => {
    const sample = `${HEADER}\r\n1,"a, b",0,0,0.012,6,6\r\n33,"x\r\ny",0,0,0.015,1,1\r\n`;
    const mutated = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.uint8Array({ maxLength: 400 }).map((bytes) => new TextDecoder().decode(bytes)),
      fc.tuple(fc.nat(sample.length), fc.nat(sample.length), fc.string({ maxLength: 5 }))
        .map(([at, cut, insert]) => sample.slice(0, at) + insert + sample.slice(Math.min(sample.length, at + (cut % 4)))),
    );
    await fc.assert(
      fc.asyncProperty(mutated, fc.integer({ min: 1, max: 64 }), async (text, size) => {
        const whole = await check(text, 'astpp-origination', 1 << 20);
        const chunked = await check(text, 'astpp-origination', size);
        expect(chunked.report).toEqual(whole.report);
        expect(whole.report.accepted).toBeLessThanOrEqual(whole.report.rows);
      }),
      { numRuns: 150 },
    );
  });
});

describe('readDeck: a deck saved with another separator', () => {
  it('says so in the missing-column messages', async () => {
    const { report } = await check('Code;Destination;Connect Cost;Included Seconds;Per Minute Cost;Initial Increment;Increment\n1;x;0;0;0.01;1;1\n');
    expect(report.rows).toBe(0);
    expect(report.errors[0]?.message).toContain('separated by ";"');
  });
});
