// Proves the edge's CDR intake against the real FreeSWITCH fixtures: every document is spooled
// (parsed, or raw with its reason) before the 200; err-log-dir files are spooled once and moved
// to done/ or rejected/ with a reason; a full spool answers 503 and leaves files for later.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EdgeCdr } from '../../core/cdr/edge-cdr';
import { drainErrLogDir } from './err-log-dir';
import { receiveCdr } from './receive-cdr';
import { CdrSpool } from './spool';

const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const clock = () => 1_800_000_000_000;

async function spooled(spool: CdrSpool): Promise<EdgeCdr[]> {
  const records = await spool.oldestUnsent(10_000, 1 << 30);
  return records.map((record) => JSON.parse(record.payload.toString()) as EdgeCdr);
}

describe('receiveCdr', () => {
  it('spools a real JSON CDR, a form-encoded one and garbage; all answered 200', async () => {
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'rx-')), { clock });
    const json = fixture('json-cdr-answered-2018-fs1.6plus-cgrates.json');
    const first = await receiveCdr(spool, json, 'http', clock());
    expect(first).toMatchObject({ status: 200, parsed: true, spooled: 1 });
    // An A-leg: its call's channels are released by the edge.
    expect(first.aLegUuids).toEqual([JSON.parse(json).variables.uuid]);
    const form = `cdr=${encodeURIComponent(fixture('json-cdr-unanswered-aleg-originator-cancel-2025-fs1.10.json'))}`;
    expect(await receiveCdr(spool, form, 'http', clock())).toMatchObject({ status: 200, parsed: true });
    expect(await receiveCdr(spool, '{"not": "a cdr"', 'http', clock())).toMatchObject({ status: 200, parsed: false, spooled: 1, aLegUuids: [] });
    const records = await spooled(spool);
    expect(records.map((r) => r.kind)).toEqual(['parsed', 'parsed', 'unparsed']);
    const [answered, cancelled, garbage] = records;
    if (answered?.kind === 'parsed') expect(answered.cdr).toMatchObject({ billsec: 68, leg: 'a' });
    if (cancelled?.kind === 'parsed') expect(cancelled.cdr).toMatchObject({ billsec: 0, hangupCause: 'ORIGINATOR_CANCEL', answeredAtEpochMs: null });
    if (garbage?.kind === 'unparsed') expect(garbage).toMatchObject({ raw: '{"not": "a cdr"', error: { code: 'invalid_json' } });
  });

  it('answers 503 when the spool refuses, so FreeSWITCH keeps the CDR', async () => {
    const limits = { segmentBytes: 1 << 20, capBytes: 100, warnBytes: 50 };
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'rx-')), { clock, limits });
    const receipt = await receiveCdr(spool, fixture('json-cdr-answered-2018-fs1.6plus-cgrates.json'), 'http', clock());
    expect(receipt).toMatchObject({ status: 503, spooled: 0 });
  });
});

describe('drainErrLogDir', () => {
  it('spools every CDR file once; moves them to done/ or rejected/ with a reason', async () => {
    const errLogDir = mkdtempSync(join(tmpdir(), 'errlog-'));
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'spool-')), { clock });
    writeFileSync(join(errLogDir, 'a_1.cdr.json'), `${fixture('json-cdr-answered-2014-fs1.4-cgrates.json')}\n`);
    writeFileSync(join(errLogDir, '2.cdr.json'), `${encodeURIComponent(fixture('json-cdr-answered-2015-fs1.4-cgrates.json'))}\n`);
    writeFileSync(join(errLogDir, '3.cdr.json'), 'truncated {"variables":');
    writeFileSync(join(errLogDir, 'notes.txt'), 'not a CDR file, left alone');
    const result = await drainErrLogDir(errLogDir, spool, clock);
    expect(result).toEqual({ spooled: 3, done: 2, rejected: 1, leftForLater: 0 });
    expect(readdirSync(join(errLogDir, 'done')).sort()).toEqual(['2.cdr.json', 'a_1.cdr.json']);
    expect(readFileSync(join(errLogDir, 'rejected', '3.cdr.json.reason'), 'utf8')).toContain('not a CDR (unknown_format)');
    expect(existsSync(join(errLogDir, 'notes.txt'))).toBe(true);
    expect((await spooled(spool)).map((r) => (r.kind === 'parsed' ? r.cdr.billsec : r.kind))).toEqual([66, 'unparsed', 15]); // files in name order
    expect(await drainErrLogDir(errLogDir, spool, clock)).toEqual({ spooled: 0, done: 0, rejected: 0, leftForLater: 0 });
  });
});
