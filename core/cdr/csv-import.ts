/**
 * The CDR CSV of `POST /cdrs/import` (operators migrating from other switches, or running
 * without the edge): one call per row, read with the rate decks' CSV reader and report (line
 * and column of every bad cell, `core/decks/report.ts`). Columns, matched by name in any order
 * (trimmed, case-blind):
 *
 * | column | cell |
 * |---|---|
 * | `uuid` | the call's unique id (≤ 128 characters, no spaces): the idempotency key |
 * | `account` | the paying account's id or account number |
 * | `caller` | caller number (may be empty) |
 * | `destination` | dialled number: digits, optionally a leading `+` |
 * | `start_time`, `answer_time`, `end_time` | ISO 8601 with offset (`…T10:00:00+02:00`, `…Z`) |
 * | | `answer_time` empty: not answered |
 * | `billsec` | whole seconds answered |
 * | `hangup_cause` | FreeSWITCH/Q.850 cause name, e.g. `NORMAL_CLEARING` |
 * | `trunk` (optional column) | the trunk the call went out on: priced as the carrier cost |
 *
 * A good row becomes the normalized CDR of an A-leg (the account as its account code, the trunk
 * as `tollgate.trunk`); a bad row is reported and kept with its cells (the route queues it as
 * `malformed`), never dropped. Pure: the source is injected.
 */
import { fail, type CellResult } from '../decks/cells';
import { readCsvRecords, type CsvSink } from '../decks/csv-records';
import { readHeader, type HeaderColumn, type HeaderLayout } from '../decks/header';
import { MAX_REPORTED_ISSUES, type DeckIssue, type DeckReport } from '../decks/report';
import { fieldCountError, isBlankRecord } from '../decks/row';
import type { NormalizedCdr } from '../freeswitch/normalized-cdr';
import { clip } from '../text/clip';

interface CsvCall {
  uuid: string;
  account: string;
  caller: string;
  destination: string;
  start: number;
  answer: number | null;
  end: number;
  billsec: number;
  hangupCause: string;
  trunk: string | null;
}

interface CsvColumn extends HeaderColumn {
  readonly field: keyof CsvCall;
  readonly cellRequired: boolean;
  readonly parse: (cell: string) => CellResult<string | number>;
}

const TOKEN = /^[A-Za-z0-9._:@#+-]{1,128}$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** Ten days: no call is longer; a larger billsec is a mistake in the file. */
const MAX_BILLSEC = 864_000;

const column = (
  name: string,
  field: keyof CsvCall,
  parse: CsvColumn['parse'],
  required: { column: boolean; cell: boolean } = { column: true, cell: true },
): CsvColumn => ({
  name,
  field,
  parse,
  columnRequired: required.column,
  cellRequired: required.cell,
});

export const CDR_CSV_FORMAT = {
  name: 'cdr-csv',
  columns: [
    column('uuid', 'uuid', token),
    column('account', 'account', token),
    column('caller', 'caller', (cell) => ok(cell.slice(0, 128)), { column: true, cell: false }),
    column('destination', 'destination', destination),
    column('start_time', 'start', instant),
    column('answer_time', 'answer', instant, { column: true, cell: false }),
    column('end_time', 'end', instant),
    column('billsec', 'billsec', billsec),
    column('hangup_cause', 'hangupCause', cause),
    column('trunk', 'trunk', token, { column: false, cell: false }),
  ],
} as const;

export interface CsvCdrRow {
  readonly line: number;
  /** The row as `{"<header name>": "<cell>", …}`: the raw document kept for the CDR. */
  readonly raw: string;
  readonly cdr: NormalizedCdr;
}

export interface CsvRejectedRow {
  readonly line: number;
  readonly raw: string;
  readonly message: string;
}

export interface CdrCsvImport {
  readonly report: DeckReport;
  /** The header itself was refused (a missing or doubled column): no row was read. */
  readonly headerRejected: boolean;
  readonly rows: readonly CsvCdrRow[];
  readonly rejected: readonly CsvRejectedRow[];
}

/** Reads a whole CSV text, or a stream of chunks (a large file is never held as one string). */
export async function readCdrCsv(
  source: string | AsyncIterable<string | Uint8Array>,
): Promise<CdrCsvImport> {
  const reader = new CdrCsvReader();
  await readCsvRecords(typeof source === 'string' ? chunksOf(source) : source, reader);
  return reader.finish();
}

async function* chunksOf(text: string): AsyncIterable<string> {
  yield text;
}

class CdrCsvReader implements CsvSink {
  private header: readonly string[] | null = null;
  private layout: HeaderLayout<CsvColumn> | null = null;
  private rowCount = 0;
  private readonly rows: CsvCdrRow[] = [];
  private readonly rejected: CsvRejectedRow[] = [];
  private readonly errors: DeckIssue[] = [];
  private readonly warnings: DeckIssue[] = [];

  record(cells: readonly string[], line: number): void {
    if (isBlankRecord(cells)) return;
    if (this.header === null) return this.readHeaderRow(cells, line);
    if (this.layout === null) return;
    this.rowCount += 1;
    const raw = JSON.stringify(
      Object.fromEntries(this.header.map((name, index) => [name.trim(), cells[index] ?? ''])),
    );
    const countError = fieldCountError(this.layout, cells, line);
    const read: RowRead = countError
      ? { ok: false, errors: [countError] }
      : readRow(this.layout, cells, line);
    if (read.ok) this.rows.push({ line, raw, cdr: read.cdr });
    else this.reject(line, raw, read.errors);
  }

  malformed(line: number, message: string): void {
    if (this.layout === null) return;
    this.rowCount += 1;
    const issue: DeckIssue = { line, column: '*', code: 'invalid_csv', message };
    this.reject(line, JSON.stringify({ line, error: message }), [issue]);
  }

  finish(): CdrCsvImport {
    if (this.header === null) this.readHeaderRow([], 1);
    const truncated = this.errors.length > MAX_REPORTED_ISSUES;
    const report: DeckReport = {
      rows: this.rowCount,
      accepted: this.rows.length,
      errors: this.errors.slice(0, MAX_REPORTED_ISSUES),
      warnings: this.warnings.slice(0, MAX_REPORTED_ISSUES),
      ...(truncated ? { truncated: true as const } : {}),
    };
    const headerRejected = this.layout === null;
    return { report, headerRejected, rows: this.rows, rejected: this.rejected };
  }

  private readHeaderRow(cells: readonly string[], line: number): void {
    this.header = cells;
    const header = readHeader(CDR_CSV_FORMAT, cells, line);
    this.warnings.push(...header.warnings);
    if (header.ok) this.layout = header.layout;
    else this.errors.push(...header.errors);
  }

  private reject(line: number, raw: string, issues: readonly DeckIssue[]): void {
    this.errors.push(...issues);
    const message = issues.map((issue) => `${issue.column}: ${issue.message}`).join('; ');
    this.rejected.push({ line, raw, message: `line ${line}: ${message}`.slice(0, 900) });
  }
}

type RowRead = { ok: true; cdr: NormalizedCdr } | { ok: false; errors: DeckIssue[] };

function readRow(layout: HeaderLayout<CsvColumn>, cells: readonly string[], line: number): RowRead {
  const call: CsvCall = { ...EMPTY_CALL };
  const errors: DeckIssue[] = [];
  for (const { spec, index } of layout.positions) {
    const cell = (cells[index] ?? '').trim();
    if (cell === '') {
      const message = `"${spec.name}" is empty`;
      if (spec.cellRequired) errors.push({ line, column: spec.name, code: 'required', message });
      continue;
    }
    const parsed = spec.parse(cell);
    if (parsed.ok) (call as unknown as Record<string, unknown>)[spec.field] = parsed.value;
    else errors.push({ line, column: spec.name, code: parsed.code, message: parsed.message });
  }
  if (errors.length === 0) errors.push(...timeErrors(call, line));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, cdr: normalizedOf(call) };
}

const EMPTY_CALL: CsvCall = {
  uuid: '',
  account: '',
  caller: '',
  destination: '',
  start: 0,
  answer: null,
  end: 0,
  billsec: 0,
  hangupCause: '',
  trunk: null,
};

/** The times must describe one call: start ≤ answer ≤ end, and billsec only when answered. */
function timeErrors(call: CsvCall, line: number): DeckIssue[] {
  const issue = (column: string, message: string): DeckIssue => ({
    line,
    column,
    code: 'out_of_range',
    message,
  });
  if (call.end < call.start) return [issue('end_time', 'end_time is before start_time')];
  if (call.answer !== null && (call.answer < call.start || call.answer > call.end)) {
    return [issue('answer_time', 'answer_time is not between start_time and end_time')];
  }
  if (call.answer === null && call.billsec > 0) {
    return [issue('billsec', `billsec is ${call.billsec} but the call has no answer_time`)];
  }
  const answeredSeconds = call.answer === null ? 0 : Math.ceil((call.end - call.answer) / 1000);
  if (call.billsec > answeredSeconds + 1) {
    const message = `billsec ${call.billsec} is longer than answer to end (${answeredSeconds} s)`;
    return [issue('billsec', message)];
  }
  return [];
}

function normalizedOf(call: CsvCall): NormalizedCdr {
  return {
    uuid: call.uuid,
    callUuid: call.uuid,
    leg: 'a',
    direction: 'inbound',
    caller: call.caller,
    callee: call.destination,
    context: '',
    accountCode: call.account,
    authUser: null,
    authRealm: null,
    callerSipUser: null,
    callerSipDomain: null,
    sourceIp: '',
    startedAtEpochMs: call.start,
    answeredAtEpochMs: call.answer,
    endedAtEpochMs: call.end,
    billsec: call.billsec,
    billmsec: call.billsec * 1000,
    hangupCause: call.hangupCause,
    hangupCauseQ850: null,
    gateway: null,
    otherLegUuid: null,
    tollgate: call.trunk === null ? null : { trunk: call.trunk },
  };
}

function ok<T>(value: T): CellResult<T> {
  return { ok: true, value };
}

function token(cell: string): CellResult<string> {
  if (TOKEN.test(cell)) return ok(cell);
  return fail('invalid_value', `"${clip(cell)}" is not an id: ≤ 128 letters, digits, ._:@#+-`);
}

function destination(cell: string): CellResult<string> {
  if (/^\+?[0-9]{1,32}$/.test(cell)) return ok(cell);
  return fail('invalid_code', `"${clip(cell)}" is not a dialled number: digits, maybe a leading +`);
}

function cause(cell: string): CellResult<string> {
  if (/^[A-Z][A-Z0-9_]{0,63}$/.test(cell)) return ok(cell);
  return fail('invalid_value', `"${clip(cell)}" is not a hangup cause name (e.g. NORMAL_CLEARING)`);
}

function billsec(cell: string): CellResult<number> {
  if (!/^[0-9]{1,7}$/.test(cell)) {
    return fail('invalid_seconds', `"${clip(cell)}" is not a whole number of seconds`);
  }
  const value = Number(cell);
  if (value > MAX_BILLSEC) {
    return fail('out_of_range', `${value} seconds is more than ${MAX_BILLSEC} (ten days)`);
  }
  return ok(value);
}

/** ISO 8601 with a date, a time and an offset; the calendar date must exist. */
function instant(cell: string): CellResult<number> {
  const match = INSTANT.exec(cell);
  const bad = (why: string) => fail('invalid_time', `"${clip(cell)}" ${why}`);
  if (!match) return bad('is not an ISO 8601 instant with an offset (2024-05-01T10:00:00+02:00)');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) {
    return bad('names a day that does not exist');
  }
  // Milliseconds are kept; finer digits are cut (Date.parse reads at most three).
  const epochMs = Date.parse(cell.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(epochMs) ? ok(epochMs) : bad('is not a valid instant');
}
