// Proves the CDR CSV reader: good rows become A-leg normalized CDRs (account as account code, trunk as tollgate.trunk, times with their offsets), every bad cell is reported by line and column, a bad row is kept (never dropped), and a header without a required column refuses the file.
import { describe, expect, it } from 'vitest';
import { readCdrCsv } from './csv-import';

const HEADER = 'uuid,account,caller,destination,start_time,answer_time,end_time,billsec,hangup_cause,trunk';

async function read(...lines: string[]) {
  return readCdrCsv(lines.join('\r\n'));
}

describe('readCdrCsv', () => {
  it('reads good rows as A-leg CDRs, times with their offsets', async () => {
    const result = await read(
      HEADER,
      'c-1,C-1001,"+1 555",442071234567,2024-05-01T10:00:00+02:00,2024-05-01T10:00:05+02:00,2024-05-01T10:01:05.250+02:00,60,NORMAL_CLEARING,t1',
      'c-2,c1,,33612345678,2024-05-01T08:00:00Z,,2024-05-01T08:00:20Z,0,NO_ANSWER,',
    );
    expect(result.report).toMatchObject({ rows: 2, accepted: 2, errors: [] });
    expect(result.rows.map((row) => row.cdr)).toMatchObject([
      {
        uuid: 'c-1',
        callUuid: 'c-1',
        leg: 'a',
        accountCode: 'C-1001',
        caller: '+1 555',
        callee: '442071234567',
        startedAtEpochMs: Date.UTC(2024, 4, 1, 8, 0, 0),
        answeredAtEpochMs: Date.UTC(2024, 4, 1, 8, 0, 5),
        endedAtEpochMs: Date.UTC(2024, 4, 1, 8, 1, 5, 250),
        billsec: 60,
        billmsec: 60_000,
        hangupCause: 'NORMAL_CLEARING',
        tollgate: { trunk: 't1' },
      },
      { uuid: 'c-2', answeredAtEpochMs: null, billsec: 0, tollgate: null },
    ]);
    expect(JSON.parse(result.rows[1]!.raw)).toMatchObject({ uuid: 'c-2', trunk: '' });
  });

  it('names line and column of every bad cell and keeps the bad rows', async () => {
    const result = await read(
      HEADER,
      ',c1,1,44,2024-05-01T10:00:00,,2024-05-01T10:00:00Z,0,NORMAL_CLEARING,',
      'c-4,c1,1,44x,2024-02-30T10:00:00Z,,2024-03-01T10:00:00Z,ten,normal,',
      'c-5,c1,1,44,2024-05-01T10:00:00Z,,2024-05-01T10:01:00Z,30,NORMAL_CLEARING,',
      'c-6,c1,1,44,2024-05-01T10:00:00Z,2024-05-01T10:00:00Z,2024-05-01T09:00:00Z,0,NORMAL_CLEARING,',
    );
    const cells = result.report.errors.map((issue) => [issue.line, issue.column, issue.code]);
    expect(cells).toEqual([
      [2, 'uuid', 'required'],
      [2, 'start_time', 'invalid_time'],
      [3, 'destination', 'invalid_code'],
      [3, 'start_time', 'invalid_time'],
      [3, 'billsec', 'invalid_seconds'],
      [3, 'hangup_cause', 'invalid_value'],
      [4, 'billsec', 'out_of_range'],
      [5, 'end_time', 'out_of_range'],
    ]);
    expect(result.report).toMatchObject({ rows: 4, accepted: 0 });
    expect(result.rejected.map((row) => row.line)).toEqual([2, 3, 4, 5]);
    expect(result.rejected[2]!.message).toContain('no answer_time');
    expect(JSON.parse(result.rejected[1]!.raw)).toMatchObject({ uuid: 'c-4', billsec: 'ten' });
  });

  it('refuses a header without a required column, naming it', async () => {
    const result = await read('uuid,caller,destination', 'c-1,1,44');
    expect(result.headerRejected).toBe(true);
    expect(result.report.errors).toContainEqual(
      expect.objectContaining({ line: 1, column: 'account', code: 'missing_column' }),
    );
    expect(result.rows).toEqual([]);
  });
});
