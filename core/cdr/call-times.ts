/**
 * A CDR's times must describe a call that happened before it was rated, in order: started,
 * answered, ended, with no more billed time than was answered. FreeSWITCH's own CDRs always
 * do; one that does not was edited, corrupted or written by a switch with a broken clock, and
 * charging its `billsec` would charge time nobody talked (a year of billsec on a one-minute
 * call). Such a CDR is kept unrated (`invalid_times`), never charged: the CSV import refuses the
 * same rows (`out_of_range`), and the edge and import paths now agree with it.
 */
import type { NormalizedCdr } from '../freeswitch/normalized-cdr';

/**
 * How far a call may end after the rater's clock: the switch's clock and ours disagree by
 * seconds when NTP works, hours when a zone is set wrong; a day still catches the plainly wrong
 * dates (an unset clock, a wrong year or month) without holding back a switch a few hours off.
 */
export const FUTURE_ALLOWANCE_MS = 24 * 3_600_000;
/**
 * A time read from a whole-second epoch (`answer_epoch` when `answer_uepoch` is absent) is up to
 * a second early, and FreeSWITCH's `billsec` subtracts such truncated epochs: so times may look
 * out of order, and billed time longer than answered, by less than a second on a true CDR.
 */
const TRUNCATION_ALLOWANCE_MS = 1000;

export type CallTimesCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'invalid_times'; readonly message: string };

type Times = Pick<
  NormalizedCdr,
  'startedAtEpochMs' | 'answeredAtEpochMs' | 'endedAtEpochMs' | 'billsec' | 'billmsec'
>;

export function checkCallTimes(cdr: Times, nowEpochMs: number): CallTimesCheck {
  const problem = timesProblem(cdr, nowEpochMs);
  return problem === null ? { ok: true } : { ok: false, code: 'invalid_times', message: problem };
}

function timesProblem(cdr: Times, nowEpochMs: number): string | null {
  const { startedAtEpochMs: started, answeredAtEpochMs: answered, endedAtEpochMs: ended } = cdr;
  const before = (later: number, earlier: number) => later + TRUNCATION_ALLOWANCE_MS <= earlier;
  if (ended > nowEpochMs + FUTURE_ALLOWANCE_MS) {
    return `ended at ${iso(ended)}, after now (${iso(nowEpochMs)}) by more than a day`;
  }
  if (answered === null) {
    if (before(ended, started)) {
      return `ended at ${iso(ended)}, before it started at ${iso(started)}`;
    }
    if (cdr.billsec > 0 || cdr.billmsec > 0) {
      return `billsec ${cdr.billsec} (billmsec ${cdr.billmsec}) on a call never answered`;
    }
    return null;
  }
  if (before(answered, started)) {
    return `answered at ${iso(answered)}, before it started at ${iso(started)}`;
  }
  if (before(ended, answered)) {
    return `ended at ${iso(ended)}, before it was answered at ${iso(answered)}`;
  }
  const answeredMs = ended - answered;
  const billedMs = Math.max(cdr.billsec * 1000, cdr.billmsec);
  if (billedMs >= answeredMs + TRUNCATION_ALLOWANCE_MS) {
    const billed = `billsec ${cdr.billsec} (billmsec ${cdr.billmsec})`;
    return `${billed} is longer than the ${answeredMs} ms answered`;
  }
  return null;
}

function iso(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? String(epochMs) : date.toISOString();
}
