// Proves the err-log-dir pickup does not race FreeSWITCH writing a file: a file created but not
// yet written (FreeSWITCH opens with O_TRUNC, then writes) is read again once settled and spooled
// whole; a young file that stays garbage is rejected once settled; an old one at once.
// Found by the edge chaos test (17 of 1,000 CDRs rejected as empty_document).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drainErrLogDir } from './err-log-dir';
import { CdrSpool } from './spool';

const FIXTURE = readFileSync(join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch', 'json-cdr-answered-2018-fs1.6plus-cgrates.json'), 'utf8');

describe('drainErrLogDir and files FreeSWITCH is still writing', () => {
  it('waits for a young file that does not parse yet, then spools it whole', async () => {
    const errLogDir = mkdtempSync(join(tmpdir(), 'errlog-'));
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'spool-')), { clock: Date.now });
    writeFileSync(join(errLogDir, 'a_young.cdr.json'), '');
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      // FreeSWITCH's write lands while the edge waits.
      writeFileSync(join(errLogDir, 'a_young.cdr.json'), `${FIXTURE}\n`);
      await new Promise((resolve) => setTimeout(resolve, ms));
    };
    const result = await drainErrLogDir(errLogDir, spool, Date.now, { settleMs: 300, sleep });
    expect(result).toEqual({ spooled: 1, done: 1, rejected: 0, leftForLater: 0 });
    expect(readdirSync(join(errLogDir, 'done'))).toEqual(['a_young.cdr.json']);
    expect(waits).toEqual([expect.any(Number)]);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(300);
    const [young] = (await spool.oldestUnsent(10, 1 << 20)).map((record) => JSON.parse(record.payload.toString()) as { kind: string });
    expect(young).toMatchObject({ kind: 'parsed', cdr: { billsec: 68 } });
  });

  it('rejects a young file that is still garbage once settled', async () => {
    const errLogDir = mkdtempSync(join(tmpdir(), 'errlog-'));
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'spool-')), { clock: Date.now });
    writeFileSync(join(errLogDir, 'a_garbage.cdr.json'), '{"variables":');
    const started = Date.now();
    expect(await drainErrLogDir(errLogDir, spool, Date.now, { settleMs: 300 })).toEqual({ spooled: 1, done: 0, rejected: 1, leftForLater: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(readdirSync(join(errLogDir, 'rejected')).sort()).toEqual(['a_garbage.cdr.json', 'a_garbage.cdr.json.reason']);
  });

  it('does not wait for an old file, even one that does not parse', async () => {
    const errLogDir = mkdtempSync(join(tmpdir(), 'errlog-'));
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'spool-')), { clock: Date.now });
    writeFileSync(join(errLogDir, 'old.cdr.json'), '');
    const later = () => Date.now() + 10_000;
    const sleep = () => Promise.reject(new Error('must not wait'));
    expect(await drainErrLogDir(errLogDir, spool, later, { settleMs: 300, sleep })).toEqual({ spooled: 1, done: 0, rejected: 1, leftForLater: 0 });
    expect(readFileSync(join(errLogDir, 'rejected', 'old.cdr.json.reason'), 'utf8')).toContain('empty_document');
  });
});
