// Drives the built `tollgate` CLI (cli/bin.mjs → dist/cli.mjs) as a child process over the decks in
// test/fixtures/rates-wild/ (see its README): exact stdout, stderr and exit codes. Every expected
// figure is worked out by hand from docs/rating.md, the arithmetic beside it:
//   cost = C + round_half_away(billable × P × (100 + m) / 100 / 60), micros; 0 within I seconds
//   billable = N + ceil(max(0, d − N) / K) × K with d = seconds − I
// and never computed by calling our own code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'rates-wild');
const work = mkdtempSync(join(tmpdir(), 'tollgate-wild-'));
const VERSION = expect.stringMatching(/^[0-9a-f]{64}$/);

function tollgate(...args: string[]) {
  const run = spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const fixture = (name: string): string => join(FIXTURES, name);

/** The contract's `cost`: the integer micros written with six decimals (no float arithmetic). */
function costText(micros: number): string {
  const digits = String(micros).padStart(7, '0');
  return `${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

type Expected = Record<string, unknown>;
interface Call { readonly number: string; readonly value: string; readonly want: Expected }

/** A call of `seconds` expected to match `prefix` (destination from the deck's table). */
const cost = (number: string, seconds: number, prefix: string, billableSeconds: number, costMicros: number) =>
  ({ number, value: String(seconds), want: { prefix, seconds, billableSeconds, costMicros, cost: costText(costMicros) } });
const afford = (number: string, available: string, prefix: string, maxSeconds: number) =>
  ({ number, value: available, want: { prefix, available: available.trim(), maxSeconds } });
const failed = (number: string, value: string, code: string, shown = number) =>
  ({ number, value, want: { error: code, shown } });

interface Table {
  readonly deck: string;
  readonly format?: string;
  readonly flags?: readonly string[];
  readonly kind: 'seconds' | 'available';
  readonly destinations: Readonly<Record<string, string>>;
  readonly calls: readonly Call[];
}

function expectedLine(table: Table, call: Call): Expected {
  const { want } = call;
  if (typeof want.error === 'string') {
    return { number: want.shown, error: { code: want.error, message: expect.any(String) } };
  }
  const prefix = want.prefix as string;
  const number = call.number.trim().replace(/^\+/, '');
  const { prefix: _prefix, ...rest } = want;
  return { number, prefix, destination: table.destinations[prefix], ...rest, version: VERSION };
}

let callsFiles = 0;
function runTable(table: Table) {
  const path = join(work, `calls-${(callsFiles += 1)}.csv`);
  writeFileSync(path, `number,${table.kind}\n${table.calls.map((c) => `${c.number},${c.value}`).join('\n')}\n`);
  const run = tollgate('rate', '--deck', fixture(table.deck), '--format', table.format ?? 'astpp-origination',
    ...(table.flags ?? []), '--calls', path);
  const lines = run.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Expected);
  return { ...run, lines };
}

function checkTable(table: Table): void {
  const run = runTable(table);
  expect(run.code).toBe(0);
  expect(run.lines).toEqual(table.calls.map((call) => expectedLine(table, call)));
  expect(run.stdout.endsWith('\n')).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// Valid decks: call tables
// ---------------------------------------------------------------------------------------------

const REORDERED = { deck: 'valid-astpp-reordered-extra.csv', destinations: { 44: 'United Kingdom', 447: 'UK Mobile', 4477: 'UK Mobile Vodafone' } };

describe('rate: ASTPP export with reordered and extra columns', () => {
  it('costs: 44 = 0.0150/min 1/1; 447 = connect 0.01 + 0.09/min 30/6; 4477 = 0.01 + 0.11/min 30/6', () => {
    checkTable({ ...REORDERED, kind: 'seconds', calls: [
      cost('442079460000', 0, '44', 0, 0), //                       0 s: nothing billable
      cost('442079460000', 1, '44', 1, 250), //                     1 × 15,000 / 60 = 250
      cost('442079460000', 61, '44', 61, 15_250), //                61 × 250 = 15,250
      cost('447912345678', 1, '447', 30, 55_000), //                30 × 90,000 / 60 = 45,000 + 10,000
      cost('447912345678', 30, '447', 30, 55_000), //               exactly the initial block
      cost('447912345678', 31, '447', 36, 64_000), //               30 + ceil(1/6)·6 = 36: 36 × 1,500 + 10,000
      cost('447912345678', 36, '447', 36, 64_000), //               exactly one increment past it
      cost('447912345678', 37, '447', 42, 73_000), //               one second past: 42 × 1,500 + 10,000
      cost('447712345678', 36, '4477', 36, 76_000), //              36 × 110,000 / 60 = 66,000 + 10,000
      cost('4470', 1, '447', 30, 55_000), //                        a number only one digit past the prefix
      failed('74951234567', '60', 'no_rate'),
    ] });
  });

  it('markup 20 % multiplies the per-minute cost, never the connect cost', () => {
    checkTable({ ...REORDERED, kind: 'seconds', flags: ['--markup', '20'], calls: [
      cost('447912345678', 60, '447', 60, 118_000), //             60 × 90,000 × 1.2 / 60 = 108,000 + 10,000
      cost('442079460000', 1, '44', 1, 300), //                     15,000 × 1.2 / 60 = 300
    ] });
  });

  it('max seconds: budget exactly enough, one micro short, by the second', () => {
    checkTable({ ...REORDERED, kind: 'available', calls: [
      afford('447912345678', '0.055', '447', 30), //                cost(30) = 55,000 ≤ 55,000 < cost(36) = 64,000
      afford('447912345678', '0.054999', '447', 0), //              first block 55,000 > 54,999
      afford('447912345678', '0.064', '447', 36), //                cost(36) = 64,000; cost(42) = 73,000
      afford('442079460000', '1.00', '44', 4_000), //               250 µ/s: 1,000,000 / 250 = 4,000 s
      afford('442079460000', '0.000249', '44', 0), //               cost(1) = 250 > 249
      afford('442079460000', ' 0.000250 ', '44', 1), //             padded in the calls file, echoed trimmed
    ] });
  });

  it('warns on stderr about the unknown columns; stdout holds only the answer', () => {
    const run = tollgate('rate', '--deck', fixture(REORDERED.deck), '--format', 'astpp-origination', '--number', '44', '--seconds', '1');
    expect(run.stderr.split('\n').filter(Boolean).map((l) => l.split(':').slice(0, 3).join(':'))).toEqual([
      'deck warning: line 1, Country: unknown_column',
      'deck warning: line 1, Precedence: unknown_column',
      'deck warning: line 1, Last Modified: unknown_column',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ prefix: '44', costMicros: 250 });
  });
});

describe('rate: ASTPP\'s own export and import headers (currency suffixes, ASTPP 4+ names)', () => {
  it('ASTPP 3 origination export: Connect Cost(USD), Per Minute Cost(USD), fputcsv quoting', () => {
    checkTable({ deck: 'valid-astpp3-export-origination.csv', destinations: { 33: 'France', 336: 'France Mobile' }, kind: 'seconds', calls: [
      cost('33123456789', 60, '33', 60, 15_000),
      cost('33612345678', 5, '336', 0, 0), //                      within 5 included seconds
      cost('33612345678', 6, '336', 30, 65_000), //                 d = 1 → 30: 20,000 + 30 × 1,500
      cost('33612345678', 36, '336', 36, 74_000), //                d = 31 → 36: 20,000 + 36 × 1,500
    ] });
  });

  it('ASTPP 4/5 import header: Connection Cost (USD), Grace Time, Cost / Min (USD)', () => {
    const table = { deck: 'valid-astpp5-import-header.csv', destinations: { 44: 'United Kingdom', 447: 'UK Mobile' } };
    checkTable({ ...table, kind: 'seconds', calls: [
      cost('442079460000', 60, '44', 60, 15_000),
      cost('447912345678', 5, '447', 0, 0), //                      Grace Time 5
      cost('447912345678', 6, '447', 30, 55_000), //                10,000 + 30 × 1,500
      cost('447912345678', 35, '447', 30, 55_000),
      cost('447912345678', 36, '447', 36, 64_000), //               d = 31 → 36
    ] });
    checkTable({ ...table, kind: 'available', calls: [
      afford('447912345678', '0.055', '447', 35), //                5 + 30
      afford('447912345678', '0.054999', '447', 0),
    ] });
  });

  it('ASTPP 3 termination export: Priority for Precedence; rate and route through it', () => {
    checkTable({ deck: 'valid-astpp3-export-termination.csv', format: 'astpp-termination', destinations: { 336: 'France Mobile' }, kind: 'seconds', calls: [
      cost('33612345678', 36, '336', 36, 41_000), //                5,000 + 36 × 60,000 / 60
    ] });
    const run = tollgate('route', '--origination', fixture('valid-astpp3-export-origination.csv'),
      '--termination', `${fixture('valid-astpp3-export-termination.csv')}:carrierA`, '--format', 'astpp', '--number', '33612345678');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      number: '33612345678',
      // 60 s: d = 55 → 30 + ceil(25/6)·6 = 60; sell 20,000 + 60 × 1,500; carrier 5,000 + 60 × 1,000
      sell: { prefix: '336', connectMicros: 20_000, perMinuteMicros: 90_000, costMicros: 110_000 },
      // Strip 0033 is not at the start of 33612345678, so only the Prepend +33 applies
      routes: [{ trunk: 'carrierA', prefix: '336', dialled: '+3333612345678', connectMicros: 5_000, perMinuteMicros: 60_000, costMicros: 65_000 }],
    });
  });
});

describe('rate: BOM, CRLF, quoted fields and trailing commas', () => {
  const table = { deck: 'valid-bom-crlf-quoted.csv', destinations: {
    598: 'Uruguay, Eastern Republic of', 225: 'Côte d\'Ivoire "Mobile"', 7: 'Russia\r\nMoscow, city', 881: 'Global "Satellite", Iridium',
  } };

  it('costs', () => {
    checkTable({ ...table, kind: 'seconds', calls: [
      cost('59899123456', 60, '598', 60, 100_000), //               60 × 100,000 / 60
      cost('59899123456', 61, '598', 120, 200_000), //              60 + ceil(1/60)·60 = 120
      cost('2250701234567', 1, '225', 60, 250_000), //              60 × 250,000 / 60
      cost('74951234567', 0, '7', 0, 0),
      cost('74951234567', 1, '7', 1, 50_333), //                    50,000 + 20,000/60 = 333.33 → 333
      cost('74951234567', 2, '7', 2, 50_667), //                    50,000 + 666.67 → 667
      cost('74951234567', 3, '7', 3, 51_000), //                    50,000 + 1,000
      cost('8816123456', 1, '881', 60, 10_000_000), //              1,000,000 + 60 × 9,000,000 / 60
      cost('8816123456', 90, '881', 90, 14_500_000), //             60 + 1·30: 1,000,000 + 13,500,000
      cost('8816123456', 91, '881', 120, 19_000_000), //            60 + 2·30: 1,000,000 + 18,000,000
    ] });
  });

  it('max seconds with a connect cost', () => {
    checkTable({ ...table, kind: 'available', calls: [
      afford('8816123456', '10.00', '881', 60), //                  cost(60) = 10,000,000; cost(90) = 14,500,000
      afford('8816123456', '9.999999', '881', 0),
      afford('8816123456', '14.50', '881', 90),
    ] });
  });
});

describe('rate: header spelling variants and padded cells', () => {
  it('matches the columns and trims every cell', () => {
    checkTable({ deck: 'valid-header-variants.csv', destinations: { 1: 'USA and Canada', 1876: 'Jamaica' }, kind: 'seconds', calls: [
      cost('18765550100', 61, '1876', 120, 470_000), //             50,000 + 120 × 210,000 / 60 = 50,000 + 420,000
      cost('12125550100', 6, '1', 6, 1_200), //                     6 × 12,000 / 60
      cost('12125550100', 7, '1', 12, 2_400), //                    6 + ceil(1/6)·6 = 12
    ] });
  });
});

describe('rate: very long and overlapping prefixes', () => {
  const table = { deck: 'valid-long-overlapping-prefixes.csv', destinations: {
    4: 'Zone 4 catch-all', 44: 'United Kingdom', 441: 'UK geographic 1', 4420: 'London', 44207946: 'London premium',
    '12345678901234567890': 'Twenty-digit tech prefix', '1234567890123456789': 'Nineteen-digit tech prefix', '00': 'International access',
  } as Record<string, string> };

  it('the longest matching prefix wins, down to one digit and up to twenty', () => {
    checkTable({ ...table, kind: 'seconds', calls: [
      cost('442079460000', 1, '44207946', 60, 500_000), //          60/60: 60 × 500,000 / 60
      cost('442079460000', 61, '44207946', 120, 1_000_000),
      cost('442071234567', 60, '4420', 60, 10_000),
      cost('441134960000', 60, '441', 60, 16_000),
      cost('443000000000', 60, '44', 60, 15_000),
      cost('4930123456', 60, '4', 60, 1_000_000), //                1.000000/min
      cost('4', 1, '4', 1, 16_667), //                              1,000,000 / 60 = 16,666.67 → 16,667
      cost('447', 1, '44', 1, 250), //                              shorter than 441/4420: falls back to 44
      cost('12345678901234567890', 60, '12345678901234567890', 60, 60_000),
      cost('1234567890123456789', 60, '1234567890123456789', 60, 120_000),
      cost('12345678901234567899', 60, '1234567890123456789', 60, 120_000), // last digit differs: 19 digits
      failed('123456789012345678', '60', 'no_rate'), //             shorter than both, and no "1"
      cost('+442071234567', 60, '4420', 60, 10_000), //             the + is dropped
      cost('0044207946', 1, '00', 60, 2_000_000), //                60 × 2,000,000 / 60
      failed('7', '60', 'no_rate'),
      cost('44', 604_800, '44', 604_800, 151_200_000), //           a week: 604,800 × 250
    ] });
  });

  it('input errors come before no_rate, and each names its code', () => {
    checkTable({ ...table, kind: 'seconds', calls: [
      failed('44 20', '60', 'invalid_number'),
      failed('123456789012345678901', '60', 'invalid_number'), //   21 digits
      failed('+', '60', 'invalid_number', '+'),
      failed('abc', 'x', 'invalid_number'),
      failed('44', '1.5', 'invalid_seconds'),
      failed('7', '-1', 'invalid_seconds'), //                      7 has no rate, but the input error wins
      failed('44', '604801', 'invalid_seconds'),
    ] });
  });
});

describe('rate: a 1,001-row deck with a root table', () => {
  const destinations: Record<string, string> = { 1: 'NANP other', 1200: 'NANP 200', 1212: 'NANP 212', 1212300: 'New York 300', 1876: 'Jamaica', 1999: 'NANP 999' };
  it('numbers shorter than the table\'s key and matches above it', () => {
    checkTable({ deck: 'valid-nanp-npa-1k.csv', destinations, kind: 'seconds', calls: [
      cost('1', 6, '1', 6, 5_000), //                               6 × 50,000 / 60
      cost('12', 6, '1', 6, 5_000), //                              no NPA starts 12x
      cost('120', 6, '1', 6, 5_000),
      cost('12005550100', 6, '1200', 6, 1_000), //                  6 × 10,000 / 60
      cost('12125550100', 6, '1212', 6, 1_000), //                  NXX 555 is not in the deck
      cost('12123001234', 6, '1212300', 6, 800), //                 6 × 8,000 / 60
      cost('12123001234', 7, '1212300', 12, 1_600),
      cost('18765550100', 1, '1876', 60, 260_000), //               50,000 + 60 × 210,000 / 60
      cost('1876', 1, '1876', 60, 260_000),
      cost('187', 1, '1', 6, 5_000),
      cost('19995550100', 6, '1999', 6, 1_000),
      cost('11005550100', 6, '1', 6, 5_000), //                     NPA 100 does not exist
      failed('2', '6', 'no_rate'),
    ] });
    checkTable({ deck: 'valid-nanp-npa-1k.csv', destinations, kind: 'available', calls: [
      afford('12123001234', '1.00', '1212300', 7_500), //           800 µ per 6 s: 1,250 blocks = 7,500 s
    ] });
  });
});

const ZERO = { deck: 'valid-zero-cost.csv', destinations: { 1800: 'US toll-free', 1900: 'US premium connect-only', 3: 'Per-minute only defaults', 44: 'Connect after free 30 s' } };

describe('rate: zero-cost rows and group default increments', () => {
  it('costs without default increments (K = 0 → 1 s, N = 0 → no initial block)', () => {
    checkTable({ ...ZERO, kind: 'seconds', calls: [
      cost('18005550100', 0, '1800', 0, 0),
      cost('18005550100', 3_600, '1800', 3_600, 0), //              free, billed by the second
      cost('19005550100', 1, '1900', 60, 250_000), //               connect only
      cost('19005550100', 3_600, '1900', 3_600, 250_000),
      cost('3312345', 1, '3', 1, 100), //                           6,000 / 60
      cost('3312345', 61, '3', 61, 6_100),
      cost('441234', 30, '44', 0, 0), //                            within the 30 included seconds
      cost('441234', 31, '44', 1, 100_000), //                      the connect cost, first billable second
    ] });
  });

  it('--default-initial-increment 60 --default-increment 60 fill only zero increments', () => {
    checkTable({ ...ZERO, kind: 'seconds', flags: ['--default-initial-increment', '60', '--default-increment', '60'], calls: [
      cost('3312345', 1, '3', 60, 6_000), //                        60 × 6,000 / 60
      cost('3312345', 61, '3', 120, 12_000),
      cost('18005550100', 1, '1800', 60, 0),
      cost('19005550100', 1, '1900', 60, 250_000),
      cost('441234', 31, '44', 1, 100_000), //                      the row's own 1/1
    ] });
    checkTable({ ...ZERO, kind: 'seconds', flags: ['--default-initial-increment', '30'], calls: [
      cost('3312345', 31, '3', 31, 3_100), //                       N 30, K 1 s: 30 + 1
    ] });
    checkTable({ ...ZERO, kind: 'seconds', flags: ['--default-increment', '30'], calls: [
      cost('3312345', 1, '3', 30, 3_000), //                        N 0, K 30: ceil(1/30)·30
      cost('3312345', 31, '3', 60, 6_000),
    ] });
  });

  it('max seconds: free rates get the cap, negative funds get 0, the 10,800 s cap', () => {
    checkTable({ ...ZERO, kind: 'available', calls: [
      afford('18005550100', '0', '1800', 10_800),
      afford('18005550100', '-0.01', '1800', 0),
      afford('19005550100', '0.25', '1900', 10_800), //             cost(10,800) = 250,000
      afford('19005550100', '0.249999', '1900', 0),
      afford('441234', '0', '44', 0), //                            only the included seconds: not affordable
      afford('441234', '0.10', '44', 10_800),
      afford('3312345', '1.00', '3', 10_000), //                    100 µ/s
      afford('3312345', '1.08', '3', 10_800), //                    exactly the cap: 10,800 × 100
      afford('3312345', '1.079999', '3', 10_799), //                one micro short of the cap
    ] });
    checkTable({ ...ZERO, kind: 'available', flags: ['--max-seconds', '60'], calls: [afford('18005550100', '0', '1800', 60)] });
    checkTable({ ...ZERO, kind: 'available', flags: ['--max-seconds', '0'], calls: [afford('3312345', '1.00', '3', 0)] });
  });
});

const LARGE = { deck: 'valid-large-rates-many-decimals.csv', destinations: {
  1: 'One micro', 2: 'Half a micro a second', 3: 'Expensive', 4: 'A million a minute', 5: 'Largest connect cost',
  6: 'Largest connect plus usage', 7: 'Sixty cents',
} };

describe('rate: large rates, six decimals and rounding at half a micro', () => {
  it('rounds once per call, half away from zero', () => {
    checkTable({ ...LARGE, kind: 'seconds', calls: [
      cost('1', 1, '1', 1, 1), //                                   1 + round(1/60 = 0.017) = 1 + 0
      cost('1', 29, '1', 29, 1), //                                 29/60 = 0.483 → 0
      cost('1', 30, '1', 30, 2), //                                 30/60 = 0.5 → 1 (half away from zero)
      cost('1', 90, '1', 90, 3), //                                 1.5 → 2
      cost('2', 1, '2', 1, 1), //                                   30/60 = 0.5 → 1
      cost('2', 2, '2', 2, 1), //                                   1.0
      cost('2', 3, '2', 3, 2), //                                   1.5 → 2
      cost('2', 5, '2', 5, 3), //                                   2.5 → 3, never 5 × 1
      cost('3', 1, '3', 60, 11_234_567_890), //                     1,234,567,891 + 60 × 9,999,999,999 / 60
      cost('3', 61, '3', 61, 11_401_234_557), //                    61 × 9,999,999,999 = 609,999,999,939 / 60 = 10,166,666,665.65 → …666, + 1,234,567,891
      cost('3', 604_800, '3', 604_800, 100_801_234_557_811), //     10,080 × 9,999,999,999 = 100,799,999,989,920 + 1,234,567,891
      cost('4', 1, '4', 1, 16_666_666_667), //                      1e12 / 60 = 16,666,666,666.67
      cost('4', 9_007, '4', 9_007, 150_116_666_666_667), //         9,007e12 / 60 = 150,116,666,666,666.67
      failed('4', '604800', 'out_of_range'), //                     604,800e12 / 60 = 1.008e16 > 2^53 − 1
      cost('5', 1, '5', 1, 9_007_199_254_740_991), //               connect = 2^53 − 1 micros exactly
      cost('5', 0, '5', 0, 0),
      failed('6', '1', 'out_of_range'), //                          2^53 − 1 + 60/60 = 2^53
    ] });
  });

  it('markup with four decimals, and 1000 %', () => {
    checkTable({ ...LARGE, kind: 'seconds', flags: ['--markup', '12.3456'], calls: [
      cost('7', 1, '7', 1, 11_235), //                              10,000 × 1.123456 = 11,234.56 → 11,235
      cost('7', 2, '7', 2, 22_469), //                              22,469.12 → 22,469
    ] });
    checkTable({ ...LARGE, kind: 'seconds', flags: ['--markup', '0.0050'], calls: [
      cost('7', 1, '7', 1, 10_001), //                              10,000 × 1.00005 = 10,000.5 → 10,001
    ] });
    checkTable({ ...LARGE, kind: 'seconds', flags: ['--markup', '0.0049'], calls: [
      cost('7', 1, '7', 1, 10_000), //                              10,000.49 → 10,000
    ] });
    checkTable({ ...LARGE, kind: 'seconds', flags: ['--markup', '1000'], calls: [
      cost('7', 1, '7', 1, 110_000), //                             × 11
      cost('3', 604_800, '3', 604_800, 1_108_801_234_457_011), //   100,799,999,989,920 × 11 + 1,234,567,891
    ] });
  });

  it('max seconds at large amounts', () => {
    checkTable({ ...LARGE, kind: 'available', calls: [
      afford('4', '9007199254.740991', '4', 10_800), //             cost(10,800) = 1.8e14 ≤ 2^53 − 1
      afford('3', '11234.567890', '3', 60), //                      cost(60) exactly; cost(61) = 11,401,234,557
      afford('3', '11234.567889', '3', 0), //                       one micro short of the first block
    ] });
  });
});

const INCREMENTS = { deck: 'valid-increments.csv', destinations: {
  10: 'Per second', 20: 'Per minute', 30: 'Thirty then six', 40: 'Group defaults', 50: 'Minute then second',
  60: 'No initial then 30', 70: 'Seven then thirteen',
} };

describe('rate: per-second and per-minute increments (all 0.60/min = 10,000 µ/s)', () => {
  it('each increment rule at 0 s, 1 s, one block, one second past it', () => {
    checkTable({ ...INCREMENTS, kind: 'seconds', calls: [
      cost('10', 0, '10', 0, 0),
      cost('10', 1, '10', 1, 10_000),
      cost('10', 59, '10', 59, 590_000),
      cost('10', 61, '10', 61, 610_000),
      cost('20', 1, '20', 60, 600_000),
      cost('20', 60, '20', 60, 600_000),
      cost('20', 61, '20', 120, 1_200_000),
      cost('20', 121, '20', 180, 1_800_000),
      cost('30', 1, '30', 30, 300_000),
      cost('30', 31, '30', 36, 360_000), //                         30 + ceil(1/6)·6
      cost('30', 37, '30', 42, 420_000),
      cost('40', 1, '40', 1, 10_000), //                            0/0 with no defaults: by the second
      cost('40', 61, '40', 61, 610_000),
      cost('50', 1, '50', 60, 600_000),
      cost('50', 61, '50', 61, 610_000), //                         60 + ceil(1/1)·1
      cost('60', 1, '60', 30, 300_000), //                          no initial block: ceil(1/30)·30
      cost('60', 30, '60', 30, 300_000),
      cost('60', 31, '60', 60, 600_000),
      cost('70', 1, '70', 7, 70_000),
      cost('70', 7, '70', 7, 70_000),
      cost('70', 8, '70', 20, 200_000), //                          7 + ceil(1/13)·13
      cost('70', 21, '70', 33, 330_000), //                         7 + ceil(14/13)·13
    ] });
  });

  it('group defaults apply only where the row has 0', () => {
    checkTable({ ...INCREMENTS, kind: 'seconds', flags: ['--default-initial-increment', '30', '--default-increment', '6'], calls: [
      cost('40', 1, '40', 30, 300_000),
      cost('40', 31, '40', 36, 360_000),
      cost('60', 1, '60', 30, 300_000), //                          N from the group (30), K 30 from the row
      cost('60', 31, '60', 60, 600_000),
      cost('10', 1, '10', 1, 10_000), //                            the row's 1/1 stays
    ] });
    checkTable({ ...INCREMENTS, kind: 'seconds', flags: ['--default-initial-increment', '60'], calls: [
      cost('40', 61, '40', 61, 610_000), //                         N 60, K falls back to 1 s
      cost('60', 61, '60', 90, 900_000), //                         N 60, K 30: 60 + 30
    ] });
    checkTable({ ...INCREMENTS, kind: 'seconds', flags: ['--default-increment', '60'], calls: [
      cost('40', 1, '40', 60, 600_000), //                          N 0, K 60
      cost('40', 61, '40', 120, 1_200_000),
    ] });
  });

  it('max seconds land on the end of a block', () => {
    checkTable({ ...INCREMENTS, kind: 'available', calls: [
      afford('20', '0.60', '20', 60),
      afford('20', '0.599999', '20', 0),
      afford('20', '1.20', '20', 120),
      afford('70', '0.20', '70', 20),
      afford('70', '0.199999', '70', 7), //                         cost(7) = 70,000; cost(20) = 200,000
      afford('60', '0.30', '60', 30),
    ] });
  });

  it('a cap inside a block: the cap itself when it is affordable, else the last whole block', () => {
    checkTable({ ...INCREMENTS, kind: 'available', flags: ['--max-seconds', '100'], calls: [
      afford('20', '10.00', '20', 100), //                          cost(100) = 120 billable = 1,200,000 ≤ 10,000,000
      afford('20', '1.20', '20', 100), //                           exactly enough for the block holding the cap
      afford('20', '1.199999', '20', 60), //                        one micro short: back to the end of the first block
      afford('20', '0.60', '20', 60),
    ] });
  });
});

const INCLUDED = { deck: 'valid-included-connect.csv', destinations: { 61: 'Free 30 s then 60/60', 62: 'Free 10 s then per second' } };

describe('rate: included seconds with a connect cost', () => {
  it('costs: nothing within included seconds, then connect + blocks', () => {
    checkTable({ ...INCLUDED, kind: 'seconds', calls: [
      cost('61', 0, '61', 0, 0),
      cost('61', 30, '61', 0, 0),
      cost('61', 31, '61', 60, 1_250_000), //                       d = 1 → 60: 50,000 + 60 × 20,000
      cost('61', 90, '61', 60, 1_250_000), //                       d = 60
      cost('61', 91, '61', 120, 2_450_000), //                      d = 61 → 120: 50,000 + 2,400,000
      cost('62', 10, '62', 0, 0),
      cost('62', 11, '62', 1, 11_000), //                           10,000 + 1 × 1,000
      cost('62', 70, '62', 60, 70_000),
    ] });
  });

  it('max seconds: included seconds alone are not affordable; the cap', () => {
    checkTable({ ...INCLUDED, kind: 'available', calls: [
      afford('61', '1.25', '61', 90),
      afford('61', '1.249999', '61', 0),
      afford('61', '0', '61', 0),
      afford('62', '0.011', '62', 11),
      afford('62', '0.010999', '62', 0),
      afford('62', '0.02', '62', 20), //                            10 + (20,000 − 10,000) / 1,000
      afford('62', '10.80', '62', 10_800), //                       10,000 + 10,790 × 1,000 = 10,800,000
      afford('62', '10.799999', '62', 10_799),
    ] });
    checkTable({ ...INCLUDED, kind: 'available', flags: ['--max-seconds', '5'], calls: [afford('62', '0', '62', 5)] });
    checkTable({ ...INCLUDED, kind: 'available', flags: ['--max-seconds', '10'], calls: [afford('62', '0', '62', 10)] });
    checkTable({ ...INCLUDED, kind: 'available', flags: ['--max-seconds', '11'], calls: [afford('62', '0', '62', 0)] });
  });
});

describe('rate and route: an ASTPP termination deck', () => {
  it('Precedence/Strip/Prepend are read; the duplicate 44 loses to the higher per-minute cost', () => {
    checkTable({ deck: 'valid-astpp-termination.csv', format: 'astpp-termination', destinations: { 44: 'UK', 4477: 'UK Mobile' }, kind: 'seconds', calls: [
      cost('442071234567', 60, '44', 60, 10_000), //                0.0100 wins over 0.0090
      cost('447712345678', 60, '4477', 60, 85_000), //              30 + 5·6: 5,000 + 60 × 80,000 / 60
    ] });
  });

  it('route: sell from the origination deck, route with the prepend, 60 s costs', () => {
    const run = tollgate('route', '--origination', fixture('valid-astpp-reordered-extra.csv'),
      '--termination', `${fixture('valid-astpp-termination.csv')}:carrierA`, '--format', 'astpp', '--number', '447712345678');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      number: '447712345678',
      sell: { prefix: '4477', connectMicros: 10_000, perMinuteMicros: 110_000, costMicros: 120_000 }, // 10,000 + 60 × 110,000 / 60
      routes: [{ trunk: 'carrierA', prefix: '4477', dialled: '00447712345678', connectMicros: 5_000, perMinuteMicros: 80_000, costMicros: 85_000 }],
    });
  });
});

describe('rate: native deck with time windows (Europe/Berlin, CET = UTC+1 in November)', () => {
  const deck = fixture('valid-tollgate-windows.csv');
  const at = (answeredAt: string, number: string, seconds: string, timeZone = 'Europe/Berlin') =>
    JSON.parse(tollgate('rate', '--deck', deck, '--format', 'tollgate', '--answered-at', answeredAt, '--timezone', timeZone,
      '--number', number, '--seconds', seconds).stdout) as Expected;

  it('the window in force at the answer instant picks the row', () => {
    // Sat 13:00: weekend 0.0065 by the second
    expect(at('2026-11-21T12:00:00Z', '4930123456', '60')).toMatchObject({ destination: 'Germany weekend', billableSeconds: 60, costMicros: 6_500 });
    // Mon 13:00: the window-less row, increments 0/0 → by the second: 13,000 / 60 = 216.67 → 217
    expect(at('2026-11-23T12:00:00Z', '4930123456', '1')).toMatchObject({ destination: 'Germany', billableSeconds: 1, costMicros: 217 });
    // Mon 22:30: night (mon-thu 22:00-06:00)
    expect(at('2026-11-23T21:30:00Z', '4930123456', '60')).toMatchObject({ destination: 'Germany night', costMicros: 5_000 });
    // the same instant in UTC is Mon 21:30: not night yet
    expect(at('2026-11-23T21:30:00Z', '4930123456', '60', 'UTC')).toMatchObject({ destination: 'Germany', costMicros: 13_000 });
    // Fri 05:30 belongs to Thursday's night; Fri 22:30 has no night (mon-thu); Sat 05:30 is weekend
    expect(at('2026-11-27T04:30:00Z', '4930123456', '60')).toMatchObject({ destination: 'Germany night', costMicros: 5_000 });
    expect(at('2026-11-27T21:30:00Z', '4930123456', '60')).toMatchObject({ destination: 'Germany', costMicros: 13_000 });
    expect(at('2026-11-28T04:30:00Z', '4930123456', '60')).toMatchObject({ destination: 'Germany weekend', costMicros: 6_500 });
    // Mon 05:30: Sunday has no night row
    expect(at('2026-11-23T04:30:00Z', '4930123456', '60')).toMatchObject({ destination: 'Germany', costMicros: 13_000 });
    // a longer prefix without windows beats the windowed 49 at any time: 60/1, 60 × 80,000 / 60
    expect(at('2026-11-21T12:00:00Z', '491511234567', '1')).toMatchObject({ prefix: '4915', billableSeconds: 60, costMicros: 80_000 });
  });
});

describe('rate: deck versions (--deck FILE@ISO-8601), effective from their instant, half-open', () => {
  const versions = ['--deck', `${fixture('valid-increments.csv')}@2026-01-01T00:00:00Z`,
    '--deck', `${fixture('valid-astpp-reordered-extra.csv')}@2026-07-01T00:00:00+02:00`, '--format', 'astpp-origination'];
  const at = (answeredAt: string, number: string) =>
    JSON.parse(tollgate('rate', ...versions, '--answered-at', answeredAt, '--number', number, '--seconds', '60').stdout) as Expected;

  it('picks the version in force at the answer instant', () => {
    expect(at('2025-12-31T23:59:59Z', '2012345')).toMatchObject({ error: { code: 'no_rate' } }); // before the first version
    expect(at('2026-03-01T00:00:00Z', '2012345')).toMatchObject({ prefix: '20', costMicros: 600_000 }); // 60/60 at 0.60
    expect(at('2026-06-30T21:59:59.999Z', '2012345')).toMatchObject({ prefix: '20', costMicros: 600_000 });
    // 2026-07-01T00:00+02:00 is 2026-06-30T22:00Z: the second version, which has no 20 but has 447
    expect(at('2026-06-30T22:00:00Z', '2012345')).toMatchObject({ error: { code: 'no_rate' } });
    expect(at('2026-06-30T22:00:00Z', '447912345678')).toMatchObject({ prefix: '447', costMicros: 100_000 }); // 10,000 + 60 × 1,500
    const first = at('2026-03-01T00:00:00Z', '2012345').version;
    expect(at('2026-06-30T22:00:00Z', '447912345678').version).not.toBe(first);
  });
});

describe('rate: duplicates, CR-only line ends, quoted ", " fields', () => {
  it('duplicate prefix: higher per-minute, then higher connect, then the earlier row', () => {
    checkTable({ deck: 'valid-duplicate-prefixes.csv', destinations: { 33: 'France C', 336: 'France Mobile' }, kind: 'seconds', calls: [
      cost('33123456789', 60, '33', 60, 30_000), //                 line 4: 10,000 + 60 × 20,000 / 60
      cost('33123456789', 1, '33', 1, 10_333), //                   10,000 + 333.33
      cost('33612345678', 1, '336', 1, 1_500), //                   90,000 / 60
    ] });
  });

  it('CR-only file with blank and all-empty rows', () => {
    checkTable({ deck: 'valid-cr-only-blank-rows.csv', destinations: { 1: 'USA', 1876: 'Jamaica' }, kind: 'seconds', calls: [
      cost('12065550100', 7, '1', 12, 2_400),
      cost('18765550100', 1, '1876', 60, 260_000), //               the last line has no line end
    ] });
  });

  it('every field quoted, a space after each comma', () => {
    checkTable({ deck: 'valid-all-quoted-comma-space.csv', destinations: { 34: 'Spain, mainland', 346: 'Spain Mobile' }, kind: 'seconds', calls: [
      cost('34911234567', 61, '34', 61, 11_183), //                 61 × 11,000 / 60 = 11,183.33
      cost('34612345678', 61, '346', 66, 55_000), //                60 + ceil(1/6)·6 = 66: 66 × 50,000 / 60
    ] });
  });

  it('a calls file with a BOM, CRLF, a capitalised header and blank lines', () => {
    const path = join(work, 'calls-bom.csv');
    writeFileSync(path, '\uFEFFNumber,Seconds\r\n\r\n+34911234567 , 61 \r\n\r\n');
    const run = tollgate('rate', '--deck', fixture('valid-all-quoted-comma-space.csv'), '--format', 'astpp-origination', '--calls', path);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Expected)).toEqual([
      { number: '34911234567', prefix: '34', destination: 'Spain, mainland', seconds: 61, billableSeconds: 61, costMicros: 11_183, cost: '0.011183', version: VERSION },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Reports: every valid deck checks clean; every malformed file gets the report the docs promise
// ---------------------------------------------------------------------------------------------

const where = (issues: readonly { line: number; column: string; code: string }[]) =>
  issues.map(({ line, column, code }) => `${line}:${column}:${code}`);

interface Report {
  rows: number;
  accepted: number;
  errors: { line: number; column: string; code: string; message: string }[];
  warnings: { line: number; column: string; code: string; message: string }[];
  truncated?: true;
}

function check(file: string, format = 'astpp-origination') {
  const run = tollgate('rates', 'check', fixture(file), '--format', format);
  expect(run.stderr).toBe('');
  expect(run.stdout.endsWith('}\n') && run.stdout.indexOf('\n') === run.stdout.length - 1).toBe(true);
  const report = JSON.parse(run.stdout) as Report;
  expect(Object.keys(report)).toEqual(['rows', 'accepted', 'errors', 'warnings']);
  for (const issue of [...report.errors, ...report.warnings]) expect(issue.message.length).toBeGreaterThan(10);
  return { code: run.code, rows: report.rows, accepted: report.accepted, errors: where(report.errors), warnings: where(report.warnings), report };
}

const ALL_MISSING = ['Code', 'Destination', 'Connect Cost', 'Included Seconds', 'Per Minute Cost', 'Initial Increment', 'Increment']
  .map((column) => `1:${column}:missing_column`);

describe('rates check: valid decks', () => {
  it.each([
    ['valid-astpp-reordered-extra.csv', 'astpp-origination', 3, ['1:Country:unknown_column', '1:Precedence:unknown_column', '1:Last Modified:unknown_column']],
    ['valid-astpp3-export-origination.csv', 'astpp-origination', 2, ['1:Rate Group:unknown_column', '1:Status:unknown_column', '1:Created Date:unknown_column']],
    ['valid-astpp3-export-termination.csv', 'astpp-termination', 2, ['1:Trunk:unknown_column', '1:Status:unknown_column', '1:Created Date:unknown_column']],
    ['valid-astpp5-import-header.csv', 'astpp-origination', 2, ['3:Country:unknown_column']],
    ['valid-bom-crlf-quoted.csv', 'astpp-origination', 4, []],
    ['valid-header-variants.csv', 'astpp-origination', 2, []],
    ['valid-long-overlapping-prefixes.csv', 'astpp-origination', 8, []],
    ['valid-nanp-npa-1k.csv', 'astpp-origination', 1_001, []],
    ['valid-zero-cost.csv', 'astpp-origination', 4, []],
    ['valid-large-rates-many-decimals.csv', 'astpp-origination', 7, []],
    ['valid-increments.csv', 'astpp-origination', 7, []],
    ['valid-included-connect.csv', 'astpp-origination', 2, []],
    ['valid-astpp-termination.csv', 'astpp-termination', 3, ['3:Code:duplicate_prefix']],
    ['valid-tollgate-windows.csv', 'tollgate', 4, []],
    ['valid-duplicate-prefixes.csv', 'astpp-origination', 5, ['2:Code:duplicate_prefix', '3:Code:duplicate_prefix', '5:Code:duplicate_prefix']],
    ['valid-cr-only-blank-rows.csv', 'astpp-origination', 2, []],
    ['valid-all-quoted-comma-space.csv', 'astpp-origination', 2, []],
  ] as const)('%s (%s): %i rows, all accepted, exit 0', (file, format, rows, warnings) => {
    expect(check(file, format)).toMatchObject({ code: 0, rows, accepted: rows, errors: [], warnings });
  });

  it('the duplicate warnings name the row that wins', () => {
    const { report } = check('valid-duplicate-prefixes.csv');
    expect(report.warnings.map((w) => /on line (\d+)/.exec(w.message)?.[1])).toEqual(['3', '4', '4']);
  });
});

describe('rates check: malformed files', () => {
  it.each([
    ['bad-empty.csv', 'astpp-origination', 1, 0, 0, ALL_MISSING, []],
    ['bad-header-only.csv', 'astpp-origination', 0, 0, 0, [], []],
    ['bad-blank-only.csv', 'astpp-origination', 1, 0, 0, ALL_MISSING, []],
    ['bad-missing-column.csv', 'astpp-origination', 1, 0, 0,
      ['3:Per Minute Cost:missing_column', '3:Increment:missing_column'], ['3:Rate:unknown_column']],
    ['bad-duplicate-column.csv', 'astpp-origination', 1, 0, 0, ['1:Code:duplicate_column', '1:Per Minute Cost:duplicate_column'], []],
    ['bad-field-count.csv', 'astpp-origination', 1, 6, 2, ['2:*:field_count', '3:*:field_count', '6:*:field_count', '7:*:field_count'], []],
    ['bad-unterminated-quote.csv', 'astpp-origination', 1, 2, 1, ['3:*:invalid_csv'], []],
    ['bad-money.csv', 'astpp-origination', 1, 14, 1, [
      '2:Connect Cost:invalid_money', '3:Per Minute Cost:invalid_money', '4:Per Minute Cost:invalid_money',
      '5:Connect Cost:invalid_money', '6:Per Minute Cost:invalid_money', '7:Connect Cost:invalid_money',
      '8:Connect Cost:negative_money', '9:Per Minute Cost:too_precise', '10:Connect Cost:out_of_range',
      '12:Connect Cost:invalid_money', '13:Per Minute Cost:invalid_money', '14:Per Minute Cost:required',
      '15:Connect Cost:negative_money', '15:Per Minute Cost:invalid_money'], []],
    ['bad-prefix.csv', 'astpp-origination', 1, 8, 1, [
      '2:Code:invalid_code', '3:Code:invalid_code', '4:Code:invalid_code', '5:Code:invalid_code',
      '6:Code:required', '7:Code:invalid_code', '8:Code:invalid_code'], []],
    ['bad-seconds.csv', 'astpp-origination', 1, 6, 1, [
      '2:Included Seconds:invalid_seconds', '3:Included Seconds:invalid_seconds', '4:Included Seconds:out_of_range',
      '6:Initial Increment:invalid_seconds', '7:Increment:invalid_seconds'], []],
    ['bad-invalid-utf8.csv', 'astpp-origination', 1, 4, 1, ['2:Destination:invalid_value', '4:Destination:invalid_value', '5:Code:invalid_code'], []],
    ['bad-nul-bytes.csv', 'astpp-origination', 1, 5, 1, ['2:Destination:invalid_value', '3:Per Minute Cost:invalid_money', '4:Code:invalid_code', '5:*:field_count'], []],
    ['bad-huge-line.csv', 'astpp-origination', 1, 3, 1, ['2:Destination:out_of_range', '4:*:field_count'], []],
    ['bad-semicolon-decimal-comma.csv', 'astpp-origination', 1, 0, 0, ALL_MISSING,
      ['1:Code;Destination;Connect Cost;Included Seconds;Per Minute Cost;Initial Increment;Increment:unknown_column']],
    ['bad-termination-cells.csv', 'astpp-termination', 1, 5, 1, [
      '2:Precedence:invalid_integer', '3:Precedence:out_of_range', '4:Strip:invalid_value', '5:Prepend:out_of_range'], []],
    ['bad-tollgate-windows.csv', 'tollgate', 1, 6, 1, [
      '3:weekdays:invalid_weekdays', '4:time_from:invalid_time', '4:time_to:invalid_time', '5:time_to:invalid_time',
      '6:time_to:empty_window', '7:weekdays:window_overlap'], []],
    ['bad-multiline-lines.csv', 'astpp-origination', 1, 3, 1, ['6:Per Minute Cost:invalid_money', '8:*:field_count'], []],
    ['bad-cr-only-lines.csv', 'astpp-origination', 1, 3, 1, ['4:Per Minute Cost:negative_money', '5:*:field_count'], []],
  ] as const)('%s (%s): exit %i, rows %i, accepted %i', (file, format, code, rows, accepted, errors, warnings) => {
    expect(check(file, format)).toMatchObject({ code, rows, accepted, errors, warnings });
  });

  it('messages say what to fix: the separator, the encoding, the window it overlaps', () => {
    expect(check('bad-semicolon-decimal-comma.csv').report.errors[0]?.message).toContain('separated by ";"');
    expect(check('bad-invalid-utf8.csv').report.errors[0]?.message).toContain('UTF-8');
    expect(check('bad-tollgate-windows.csv', 'tollgate').report.errors.at(-1)?.message).toContain('line 2');
  });

  it('rate refuses a malformed deck: exit 1, the same report on stderr, nothing on stdout', () => {
    const checked = check('bad-money.csv').report;
    const run = tollgate('rate', '--deck', fixture('bad-money.csv'), '--format', 'astpp-origination', '--number', '19', '--seconds', '60');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual(checked);
  });

  it('rate on a header-only deck: every number has no rate, exit 0', () => {
    const run = tollgate('rate', '--deck', fixture('bad-header-only.csv'), '--format', 'astpp-origination', '--number', '44', '--seconds', '60');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ number: '44', error: { code: 'no_rate', message: expect.any(String) } });
  });
});
