// Proves the times check: every real FreeSWITCH CDR we hold passes it (shared captures and the
// wild fixtures), so do the shapes whole-second epochs give a true call (times out of order or
// billsec over the answered time by less than a second), and each impossible shape fails with
// its message — at the exact boundary.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCdr } from '../freeswitch/parse-cdr';
import { checkCallTimes, FUTURE_ALLOWANCE_MS } from './call-times';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const ANSWER = NOW - 600_000;
const call = {
  startedAtEpochMs: ANSWER - 4_000,
  answeredAtEpochMs: ANSWER as number | null,
  endedAtEpochMs: ANSWER + 60_000,
  billsec: 60,
  billmsec: 60_000,
};
const iso = (epochMs: number) => new Date(epochMs).toISOString();
const invalid = (message: string) => ({ ok: false, code: 'invalid_times', message });

describe('checkCallTimes on real CDRs', () => {
  const dirs = [
    join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch'),
    join(process.cwd(), 'test', 'fixtures', 'wild-freeswitch'),
  ];
  const documents = dirs.flatMap((dir) =>
    readdirSync(dir)
      // Every CDR document but the one without variables (not a CDR: no times to check).
      .filter((name) => /^(a_|json-cdr-|xml-cdr-)/.test(name) && name !== 'json-cdr-empty-variables.json')
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')] as const),
  );

  it.each(documents)('%s passes', (name, text) => {
    const parsed = parseCdr(text);
    if (!parsed.ok) throw new Error(`${name}: ${parsed.code}`);
    expect(checkCallTimes(parsed.value, parsed.value.endedAtEpochMs)).toEqual({ ok: true });
  });
});

describe('checkCallTimes', () => {
  it('passes a true call, an unanswered one and one answered at 0 seconds', () => {
    expect(checkCallTimes(call, NOW)).toEqual({ ok: true });
    const unanswered = { ...call, answeredAtEpochMs: null, billsec: 0, billmsec: 0 };
    expect(checkCallTimes(unanswered, NOW)).toEqual({ ok: true });
    expect(checkCallTimes({ ...call, endedAtEpochMs: ANSWER, billsec: 0, billmsec: 0 }, NOW)).toEqual({ ok: true });
  });

  it('passes the skew of whole-second epochs: under a second out of order, billsec under a second long', () => {
    const answeredFromSeconds = { ...call, startedAtEpochMs: ANSWER + 999 };
    const endedFromSeconds = { ...call, endedAtEpochMs: ANSWER + 59_001, billsec: 60, billmsec: 59_999 };
    expect(checkCallTimes(answeredFromSeconds, NOW)).toEqual({ ok: true });
    expect(checkCallTimes(endedFromSeconds, NOW)).toEqual({ ok: true });
    expect(checkCallTimes({ ...call, endedAtEpochMs: ANSWER - 999, billsec: 0, billmsec: 0 }, NOW)).toEqual({ ok: true });
  });

  it('fails a call answered, or ended, a second or more before the time before it', () => {
    expect(checkCallTimes({ ...call, startedAtEpochMs: ANSWER + 1_000 }, NOW)).toEqual(
      invalid(`answered at ${iso(ANSWER)}, before it started at ${iso(ANSWER + 1_000)}`),
    );
    expect(checkCallTimes({ ...call, endedAtEpochMs: ANSWER - 1_000, billsec: 0, billmsec: 0 }, NOW)).toEqual(
      invalid(`ended at ${iso(ANSWER - 1_000)}, before it was answered at ${iso(ANSWER)}`),
    );
    const unanswered = { ...call, answeredAtEpochMs: null, billsec: 0, billmsec: 0, endedAtEpochMs: call.startedAtEpochMs - 1_000 };
    expect(checkCallTimes(unanswered, NOW)).toEqual(
      invalid(`ended at ${iso(unanswered.endedAtEpochMs)}, before it started at ${iso(call.startedAtEpochMs)}`),
    );
  });

  it('fails billed time a second or more over the answered time, by billsec or billmsec', () => {
    expect(checkCallTimes({ ...call, billsec: 61 }, NOW)).toEqual(
      invalid('billsec 61 (billmsec 60000) is longer than the 60000 ms answered'),
    );
    expect(checkCallTimes({ ...call, billmsec: 61_000 }, NOW)).toEqual(
      invalid('billsec 60 (billmsec 61000) is longer than the 60000 ms answered'),
    );
    expect(checkCallTimes({ ...call, billmsec: 60_999 }, NOW)).toEqual({ ok: true });
  });

  it('fails billed time on a call never answered', () => {
    expect(checkCallTimes({ ...call, answeredAtEpochMs: null, billsec: 0, billmsec: 1 }, NOW)).toEqual(
      invalid('billsec 0 (billmsec 1) on a call never answered'),
    );
  });

  it('fails a call ending more than a day after now, not one ending just within it', () => {
    const late = (endedAtEpochMs: number) => ({ ...call, endedAtEpochMs, answeredAtEpochMs: endedAtEpochMs - 60_000 });
    expect(checkCallTimes(late(NOW + FUTURE_ALLOWANCE_MS), NOW)).toEqual({ ok: true });
    expect(checkCallTimes(late(NOW + FUTURE_ALLOWANCE_MS + 1), NOW)).toEqual(
      invalid(`ended at ${iso(NOW + FUTURE_ALLOWANCE_MS + 1)}, after now (${iso(NOW)}) by more than a day`),
    );
  });
});
