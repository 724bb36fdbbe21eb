// Proves the `tollgate cdr parse` contract through the built CLI (dist/cli.mjs, built by
// `npm test`'s pretest): fixtures print stated CDRs, envelopes are detected, exit codes 0/1/2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/freeswitch/fixtures';
import { legDocumentFromJson, toXmlCdr } from '../../test/freeswitch-emulator/cdr-documents';

const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch');
const work = mkdtempSync(join(tmpdir(), 'tollgate-cdr-parse-'));

function tollgate(...args: string[]) {
  const run = spawnSync(process.execPath, ['cli/bin.mjs', 'cdr', 'parse', ...args], {
    encoding: 'utf8',
  });
  const lines = run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code: run.status, lines, stderr: run.stderr };
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('tollgate cdr parse', () => {
  it('prints the 2014 A-leg: 1001 -> 1002, billsec 15, NORMAL_CLEARING', () => {
    const run = tollgate(join(FIXTURES, 'json-cdr-answered-2014-fs1.4-cgrates.json'));
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatchObject({
      uuid: '86cfd6e2-dbda-45a3-b59d-f683ec368e8b',
      leg: 'a',
      caller: '1001',
      callee: '1002',
      billsec: 15,
      hangupCause: 'NORMAL_CLEARING',
    });
  });

  it('prints the cancelled 2025 call with --format json: unanswered, ORIGINATOR_CANCEL', () => {
    const run = tollgate(
      join(FIXTURES, 'json-cdr-unanswered-aleg-originator-cancel-2025-fs1.10.json'),
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatchObject({
      callee: '1003',
      answeredAtEpochMs: null,
      billsec: 0,
      hangupCause: 'ORIGINATOR_CANCEL',
    });
  });

  it('detects XML, base64 err-log files and one document per line', () => {
    const json2018 = readFixture('json-cdr-answered-2018-fs1.6plus-cgrates.json');
    const xml = file('b.cdr.xml', toXmlCdr(legDocumentFromJson(json2018)));
    expect(tollgate(xml).lines[0]).toMatchObject({ callee: '1002', billsec: 68 });
    expect(tollgate(xml, '--format', 'xml').code).toBe(0);
    const base64 = file('a_3da8.cdr.json', `${Buffer.from(json2018).toString('base64')}\n`);
    expect(tollgate(base64).lines[0]).toMatchObject({
      uuid: '3da8bf84-c133-4959-9e24-e72875cb33a1',
    });
    const form = file('form.txt', `cdr=${Buffer.from(json2018).toString('base64')}`);
    expect(tollgate(form, '--format', 'form').code).toBe(0);
    const lines = [
      JSON.stringify(JSON.parse(json2018)),
      readFixture('json-cdr-answered-2015-fs1.4-cgrates.json').trim(),
    ].join('\n');
    const run = tollgate(file('spool.jsonl', `${lines}\n`));
    expect(run.lines.map((cdr) => cdr.billsec)).toEqual([68, 66]);
  });

  it('exit 1 with a JSON error when the document cannot be parsed', () => {
    const run = tollgate(join(FIXTURES, 'dialplan-response-example.xml'));
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      { error: { code: 'not_a_cdr', message: expect.any(String) as string } },
    ]);
    expect(tollgate(file('bad.json', '{"variables":{"uuid":"u"')).lines[0]).toMatchObject({
      error: { code: 'invalid_json' },
    });
    expect(tollgate(join(work, 'missing.json')).lines[0]).toMatchObject({
      error: { code: 'file_not_readable' },
    });
    const wrong = tollgate(
      join(FIXTURES, 'json-cdr-answered-2014-fs1.4-cgrates.json'),
      '--format',
      'xml',
    );
    expect([wrong.code, wrong.lines[0]]).toEqual([
      1,
      { error: { code: 'invalid_xml', message: expect.any(String) as string } },
    ]);
  });

  it('exit 2 for usage errors, with nothing on stdout', () => {
    for (const args of [[], ['a', 'b'], ['x', '--format', 'yaml'], ['x', '--bogus']]) {
      const run = tollgate(...args);
      expect([run.code, run.lines]).toEqual([2, []]);
      expect(run.stderr).toContain('cdr parse');
    }
  });
});
