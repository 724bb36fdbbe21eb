// Proves the edge's CDR intake keeps the good CDRs of a body or err-log-dir file with a bad
// document in it: each CDR is its own spool record, the bad line spooled raw with its line and
// reason (for the cloud's unrated store), and a file that is not wholly good goes to rejected/
// with the first reason, after all of its CDRs were spooled.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EdgeCdr } from '../../core/cdr/edge-cdr';
import { drainErrLogDir } from '../../freeswitch-edge/spool/err-log-dir';
import { edgeCdrsFromDocument, receiveCdr } from '../../freeswitch-edge/spool/receive-cdr';
import { CdrSpool } from '../../freeswitch-edge/spool/spool';
import { readFixture } from '../freeswitch/fixtures';

const clock = () => 1_800_000_000_000;
const oneLine = (name: string) => JSON.stringify(JSON.parse(readFixture(name)));
const LINE_2014 = oneLine('json-cdr-answered-2014-fs1.4-cgrates.json');
const LINE_2015 = oneLine('json-cdr-answered-2015-fs1.4-cgrates.json');
const CUT = '{"variables":{"uuid":"x"';

const summary = (records: readonly EdgeCdr[]) =>
  records.map((record) =>
    record.kind === 'parsed' ? record.cdr.uuid : { raw: record.raw, ...record.error },
  );

describe('edge intake of a body holding several CDRs', () => {
  it('spools each CDR on its own; the cut line raw, named by its line', () => {
    const records = edgeCdrsFromDocument(`${LINE_2014}\r\n${CUT}\r\n${LINE_2015}\r\n`, 'http', clock());
    expect(summary(records)).toEqual([
      '86cfd6e2-dbda-45a3-b59d-f683ec368e8b',
      {
        raw: `${CUT}\r`,
        code: 'invalid_json',
        message: "line 2: Expected ',' or '}' after property value in JSON at position 24 (line 2, column 25)",
      },
      'e3133bf7-dcde-4daf-9663-9a79ffcef5ad',
    ]);
  });

  it('an empty array is spooled raw as empty_document, not dropped as zero CDRs', () => {
    expect(summary(edgeCdrsFromDocument('[]', 'http', clock()))).toEqual([
      { raw: '[]', code: 'empty_document', message: 'the JSON array holds no CDR' },
    ]);
  });

  it('answers 200 with every record spooled; the body counts as not parsed', async () => {
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'audit-rx-')), { clock });
    const receipt = await receiveCdr(spool, `${CUT}\n${LINE_2014}\n${LINE_2015}\n`, 'http', clock());
    expect(receipt).toMatchObject({
      status: 200,
      spooled: 3,
      parsed: false,
      reason: 'invalid_json',
      aLegUuids: ['86cfd6e2-dbda-45a3-b59d-f683ec368e8b', 'e3133bf7-dcde-4daf-9663-9a79ffcef5ad'],
    });
  });

  it('an err-log-dir file with a bad line: its CDRs spooled, the file moved to rejected/ with the reason', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'audit-errlog-'));
    const name = 'a_86cfd6e2-dbda-45a3-b59d-f683ec368e8b.cdr.json';
    writeFileSync(join(directory, name), `\uFEFF${LINE_2014}\r\n${CUT}\r\n${LINE_2015}\r\n`);
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'audit-spool-')), { clock });
    const drained = await drainErrLogDir(directory, spool, () => Date.now(), { settleMs: 0 });
    expect(drained).toEqual({ spooled: 3, done: 0, rejected: 1, leftForLater: 0 });
    const records = await spool.oldestUnsent(100, 1 << 30);
    const kinds = records.map((record) => (JSON.parse(record.payload.toString()) as EdgeCdr).kind);
    expect(kinds).toEqual(['parsed', 'unparsed', 'parsed']);
    expect(existsSync(join(directory, 'rejected', name))).toBe(true);
    expect(readFileSync(join(directory, 'rejected', `${name}.reason`), 'utf8')).toBe(
      "not a CDR (invalid_json); spooled raw for the cloud's unrated store\n",
    );
  });
});
