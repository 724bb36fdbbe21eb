// Proves the `tollgate rate` and `tollgate rates check` contracts end to end through the built
// CLI (dist/cli.mjs, built by `npm test`'s pretest): the shared samples, exit codes, stdout purity.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SAMPLES = join(process.cwd(), '..', 'shared', 'fixtures', 'rates');
const DECK = join(SAMPLES, 'sample-origination.csv');
const work = mkdtempSync(join(tmpdir(), 'tollgate-cli-'));

function tollgate(...args: string[]) {
  const run = spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, lines: run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

interface Vector {
  number: string;
  seconds?: number;
  available?: string;
  markup?: string;
  defaultInitialIncrement?: number;
  defaultIncrement?: number;
  expected: { prefix?: string; costMicros?: number; maxSeconds?: number; error?: string };
}

describe('tollgate rate', () => {
  const vectors = readFileSync(join(SAMPLES, 'sample-origination.expected.jsonl'), 'utf8')
    .split('\n').filter(Boolean).map((line) => JSON.parse(line) as Vector);

  it.each(vectors.map((v) => [JSON.stringify({ ...v, expected: undefined }), v] as const))('%s', (_, v) => {
    const query = v.seconds !== undefined ? ['--seconds', String(v.seconds)] : ['--available', v.available ?? ''];
    const flags = [
      '--markup', v.markup ?? '0',
      '--default-initial-increment', String(v.defaultInitialIncrement ?? 0),
      '--default-increment', String(v.defaultIncrement ?? 0),
    ];
    const run = tollgate('rate', '--deck', DECK, '--format', 'astpp-origination', ...flags, '--number', v.number, ...query);
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(1);
    const [answer] = run.lines;
    if (v.expected.error !== undefined) expect(answer?.error).toMatchObject({ code: v.expected.error });
    else expect(answer).toMatchObject(v.expected);
  });

  it('a calls file names its columns in any order, with others beside them; a bad header is a usage error', () => {
    // 33612345678 matches 336 (France Mobile, 0.09/min by 30/6: 36 s → 36 billed = 0.054 + the 0.02 connect = 74,000 µ)
    const reordered = file('reordered.csv', 'Note,Seconds,NUMBER\nfirst,36,+33612345678\n');
    const run = tollgate('rate', '--deck', DECK, '--format', 'astpp-origination', '--calls', reordered);
    expect(run.code).toBe(0);
    expect(run.lines).toMatchObject([{ number: '33612345678', prefix: '336', costMicros: 74_000 }]);
    for (const header of ['seconds,note', 'number,seconds,available', 'number,number,seconds', 'caller,callee']) {
      const bad = tollgate('rate', '--deck', DECK, '--format', 'astpp-origination', '--calls', file('bad-calls.csv', `${header}\n1,2\n`));
      expect({ header, code: bad.code, stdout: bad.stdout }).toEqual({ header, code: 2, stdout: '' });
      expect(bad.stderr).toContain('line 1: a header naming "number"');
      expect(bad.stderr).not.toContain('    at ');
    }
  });

  it('prints the whole contract object, with the cost in six decimals', () => {
    const run = tollgate('rate', '--deck', DECK, '--format', 'astpp-origination', '--number', '+33612345678', '--seconds', '36');
    expect(run.lines).toEqual([{
      number: '33612345678', prefix: '336', destination: 'France Mobile', seconds: 36, billableSeconds: 36, costMicros: 74_000, cost: '0.074000',
      version: expect.stringMatching(/^[0-9a-f]{64}$/),
    }]);
    const afford = tollgate('rate', '--deck', DECK, '--format', 'astpp-origination', '--number', '1876555', '--available', '1.00');
    expect(afford.lines).toEqual([{ number: '1876555', prefix: '1876', destination: 'Jamaica', available: '1.00', maxSeconds: 240, version: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('answers a calls file in input order; input errors come before no_rate', () => {
    const calls = file('calls.csv', 'number,seconds\n12065550100,7\n7495,60\nabc,60\n+4930,604801\n\n1,-1\n');
    const run = tollgate('rate', '--deck', DECK, '--format', 'astpp-origination', '--calls', calls);
    expect(run.code).toBe(0);
    expect(run.lines.map((l) => (l.error as { code?: string } | undefined)?.code ?? l.costMicros)).toEqual([
      2_400, 'no_rate', 'invalid_number', 'invalid_seconds', 'invalid_seconds',
    ]);
    const money = file('money.csv', 'number,available\n1,1.0000001\n1,-5\n1,1e3\n');
    const codes = tollgate('rate', '--deck', DECK, '--format', 'astpp-origination', '--calls', money).lines;
    expect(codes.map((l) => (l.error as { code?: string } | undefined)?.code ?? l.maxSeconds)).toEqual(['invalid_amount', 0, 'invalid_amount']);
  });

  it('exit 1 with the report on stderr for a bad deck; stdout stays empty', () => {
    const run = tollgate('rate', '--deck', join(SAMPLES, 'sample-malformed.csv'), '--format', 'astpp-origination', '--number', '1', '--seconds', '1');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toMatchObject({ rows: 8, accepted: 2 });
  });

  it('exit 2 for usage errors, naming the problem', () => {
    expect(tollgate('rate', '--deck', DECK, '--format', 'astpp-origination', '--number', '1').code).toBe(2);
    expect(tollgate('rate', '--deck', DECK, '--format', 'nope', '--number', '1', '--seconds', '1').stderr).toContain('--format');
    expect(tollgate('rate', '--deck', DECK, '--format', 'astpp-origination', '--markup', '1000.00001', '--number', '1', '--seconds', '1').stderr).toContain('--markup');
    expect(tollgate('rate', '--deck', join(work, 'missing.csv'), '--format', 'astpp-origination', '--number', '1', '--seconds', '1').code).toBe(2);
    expect(tollgate('rate', '--bogus').code).toBe(2);
    expect(tollgate('nonsense').code).toBe(2);
  });

  it('deck warnings go to stderr only', () => {
    const deck = file('dup.csv', 'Code,Destination,Connect Cost,Included Seconds,Per Minute Cost,Initial Increment,Increment\n1,a,0,0,0.01,1,1\n1,b,0,0,0.02,1,1\n');
    const run = tollgate('rate', '--deck', deck, '--format', 'astpp-origination', '--number', '1', '--seconds', '60');
    expect(run.lines).toEqual([expect.objectContaining({ destination: 'b', costMicros: 20_000 })]);
    expect(run.stderr).toContain('duplicate_prefix');
  });
});

describe('tollgate rates check', () => {
  it('reports the malformed sample by line and canonical column, exit 1', () => {
    const run = tollgate('rates', 'check', join(SAMPLES, 'sample-malformed.csv'), '--format', 'astpp-origination');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { rows: number; accepted: number; errors: { line: number; column: string }[] };
    expect(report.rows).toBe(8);
    expect(report.accepted).toBe(2);
    expect(report.errors.map((e) => `${e.line}:${e.column}`)).toEqual([
      '3:Code', '4:Connect Cost', '5:Included Seconds', '6:Initial Increment', '7:*', '8:Per Minute Cost',
    ]);
    expect(run.stderr).toBe('');
  });

  it('exit 0 for a clean deck, with warnings in the report', () => {
    const run = tollgate('rates', 'check', DECK, '--format', 'astpp-origination');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ rows: 7, accepted: 7, errors: [], warnings: [] });
  });
});
