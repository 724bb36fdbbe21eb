// Proves the summary folds: a batch folds to one cell per day/account/prefix/trunk, every grouping sums the same cells, ASR and ACD are derived exactly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { daysBetween, foldCalls, groupCells, SUMMARY_GROUPS, type SummaryFacts } from './summary';

const DAY = Date.UTC(2026, 10, 22);
const call = (overrides: Partial<SummaryFacts> = {}): SummaryFacts => ({
  customerLeg: true,
  carrierLeg: true,
  accountId: 'c1',
  accountPath: '/op/r1/c1/',
  currency: 'USD',
  startedAtEpochMs: DAY + 3_600_000,
  answered: true,
  billsec: 60,
  billableSeconds: 60,
  chargeMicros: 27_000,
  revenueMicros: 15_000,
  costMicros: 10_000,
  prefix: '44',
  trunk: 't1',
  ...overrides,
});

describe('foldCalls', () => {
  it('folds calls of one day, account, prefix and trunk into one cell, in key order', () => {
    const cells = foldCalls([
      call(),
      call({ answered: false, billsec: 0, billableSeconds: 0, chargeMicros: 0 }),
      call({ accountId: 'c3', accountPath: '/op/r1/r1a/c3/' }),
      call({ startedAtEpochMs: DAY - 1 }),
    ]);
    expect(cells.map((cell) => [cell.day, cell.accountId])).toEqual([
      ['2026-11-21', 'c1'],
      ['2026-11-22', 'c1'],
      ['2026-11-22', 'c3'],
    ]);
    expect(cells[1]!.totals).toEqual({
      calls: 2,
      answered: 1,
      billsec: 60,
      billableSeconds: 60,
      chargeMicros: 27_000,
      revenueMicros: 30_000,
      costMicros: 20_000,
      carrierLegs: 2,
      carrierBillsec: 60,
    });
  });

  it("adds a carrier leg's cost and seconds without counting a call", () => {
    const leg = call({ customerLeg: false, billsec: 58, chargeMicros: 0, revenueMicros: 0 });
    const [cell] = foldCalls([leg]);
    expect(cell!.totals).toMatchObject({ calls: 0, billsec: 0, costMicros: 10_000 });
    expect(cell!.totals).toMatchObject({ carrierLegs: 1, carrierBillsec: 58 });
  });
});

describe('groupCells', () => {
  it('derives margin, ASR (two decimals) and ACD per group', () => {
    const cells = foldCalls([
      call(),
      call({ billsec: 31 }),
      call({ answered: false, billsec: 0 }),
    ]);
    const [row] = groupCells(cells, 'account');
    expect(row).toMatchObject({
      key: 'c1',
      currency: 'USD',
      marginMicros: 15_000,
      asrPercent: '66.67',
      acdSeconds: 46,
    });
  });

  it('never adds two currencies together', () => {
    const euro = call({ accountId: 'c9', accountPath: '/op/c9/', currency: 'EUR' });
    const rows = groupCells(foldCalls([call(), euro]), 'prefix');
    expect(rows.map((row) => [row.key, row.currency, row.totals.calls])).toEqual([
      ['44', 'EUR', 1],
      ['44', 'USD', 1],
    ]);
  });

  it('every grouping sums to the same totals (property)', () => {
    const facts = fc.record({
      account: fc.constantFrom('c1', 'c2', 'c3'),
      hour: fc.integer({ min: -48, max: 48 }),
      answered: fc.boolean(),
      billsec: fc.nat(7200),
      chargeMicros: fc.nat(10_000_000),
      prefix: fc.constantFrom('44', '4420', '1'),
      trunk: fc.constantFrom('t1', 't2', '-'),
    });
    fc.assert(
      fc.property(fc.array(facts, { maxLength: 60 }), (calls) => {
        const cells = foldCalls(
          calls.map((c) =>
            call({
              accountId: c.account,
              accountPath: `/op/${c.account}/`,
              startedAtEpochMs: DAY + c.hour * 3_600_000,
              answered: c.answered,
              billsec: c.billsec,
              chargeMicros: c.chargeMicros,
              prefix: c.prefix,
              trunk: c.trunk,
            }),
          ),
        );
        const sums = SUMMARY_GROUPS.map((by) =>
          groupCells(cells, by).reduce(
            (sum, row) => [sum[0]! + row.totals.calls, sum[1]! + row.totals.chargeMicros],
            [0, 0],
          ),
        );
        const expected = [calls.length, calls.reduce((s, c) => s + c.chargeMicros, 0)];
        for (const sum of sums) expect(sum).toEqual(expected);
      }),
    );
  });
});

describe('daysBetween', () => {
  it('lists every UTC day the range touches', () => {
    expect(daysBetween(DAY - 1, DAY + 1)).toEqual(['2026-11-21', '2026-11-22']);
    expect(daysBetween(DAY, DAY + 86_400_000)).toEqual(['2026-11-22']);
  });
});
