// Proves export cells are RFC 4180 (quotes, commas, line breaks) and spreadsheet-safe (no formula injection), by example.
import { describe, expect, it } from 'vitest';
import { csvHeader, csvLine, type CsvColumn } from './csv';

const columns: CsvColumn<Record<string, unknown>>[] = [
  { name: 'name', value: (r) => r.name as string },
  { name: 'n', value: (r) => r.n as number },
  { name: 'list', value: (r) => r.list as string[] },
];

describe('csv', () => {
  it('quotes what needs quoting and neutralizes formulas', () => {
    expect(csvHeader(columns)).toBe('name,n,list\r\n');
    expect(csvLine(columns, { name: 'A "big", co\nltd', n: -5, list: ['1', '44'] })).toBe(
      '"A ""big"", co\nltd",-5,1;44\r\n',
    );
    expect(csvLine(columns, { name: '=HYPERLINK("x")', n: 0, list: [] })).toBe(
      `"'=HYPERLINK(""x"")",0,\r\n`,
    );
    expect(csvLine(columns, { name: undefined, n: 1, list: [] })).toBe(',1,\r\n');
  });
});
