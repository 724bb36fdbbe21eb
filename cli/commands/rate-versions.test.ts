// Proves `tollgate rate`'s deck versions and windows in-process: repeated --deck FILE@ISO,
// a call 1 ms before/after a version change, no_rate before the first version, the "version"
// field, --format tollgate windows in --timezone (DST) and usage errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main';

const work = mkdtempSync(join(tmpdir(), 'tollgate-rate-versions-'));
const ASTPP = 'Code,Destination,Connect Cost,Included Seconds,Per Minute Cost,Initial Increment,Increment';
const TOLLGATE = 'prefix,destination,connect,included_seconds,per_minute,initial_increment,increment,weekdays,time_from,time_to';

function file(name: string, lines: readonly string[]): string {
  const path = join(work, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function rate(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['rate', ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTty: false });
  const lines = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, stderr, lines, first: lines[0] ?? {} };
}

// 60 s calls: old deck 0.060/min → 0.060000; new deck 0.120/min → 0.120000.
const oldDeck = file('old.csv', [ASTPP, '44,UK,0,0,0.0600,60,60']);
const newDeck = file('new.csv', [ASTPP, '44,UK,0,0,0.1200,60,60']);
const versions = ['--deck', `${oldDeck}@2026-01-01T00:00:00Z`, '--deck', `${newDeck}@2026-07-01T00:00:00+02:00`];
const call = ['--format', 'astpp-origination', '--number', '442079460000', '--seconds', '60'];

describe('tollgate rate with deck versions', () => {
  it('rates 1 ms before the change with the old version and at the change with the new', async () => {
    // 2026-07-01T00:00:00+02:00 is 2026-06-30T22:00:00Z.
    const before = await rate(...versions, ...call, '--answered-at', '2026-06-30T21:59:59.999Z');
    const at = await rate(...versions, ...call, '--answered-at', '2026-06-30T22:00:00.000Z');
    expect(before.first).toMatchObject({ prefix: '44', costMicros: 60_000 });
    expect(at.first).toMatchObject({ prefix: '44', costMicros: 120_000 });
    expect(before.first.version).toMatch(/^[0-9a-f]{64}$/);
    expect(at.first.version).not.toBe(before.first.version);
  });

  it('has no rate before the first version; a plain --deck is in force since always', async () => {
    const early = await rate(...versions, ...call, '--answered-at', '2025-12-31T23:59:59.999Z');
    expect(early).toMatchObject({ code: 0, first: { number: '442079460000', error: { code: 'no_rate' } } });
    expect(early.first.version).toBeUndefined();
    const always = await rate('--deck', oldDeck, ...call, '--answered-at', '1999-01-01T00:00:00Z');
    expect(always.first).toMatchObject({ costMicros: 60_000 });
  });

  it('refuses two versions from one instant, a bad instant and a bad timezone (exit 2)', async () => {
    const same = ['--deck', `${oldDeck}@2026-01-01T00:00:00Z`, '--deck', `${newDeck}@2026-01-01T01:00:00+01:00`];
    expect((await rate(...same, ...call)).code).toBe(2);
    expect((await rate(...versions, ...call, '--answered-at', '2026-07-01 10:00')).code).toBe(2);
    expect((await rate('--deck', `${oldDeck}@2026-07-01T00:00:00`, ...call)).stderr).toContain('offset');
    expect((await rate(...versions, ...call, '--timezone', 'Mars/Olympus')).code).toBe(2);
  });
});

describe('tollgate rate with windows (--format tollgate)', () => {
  // Peak mon-fri 08:00-18:00 at 0.090/min in the group's timezone; otherwise 0.030/min.
  const windowed = file('windowed.csv', [TOLLGATE, '49,Germany,0,0,0.030,60,60,,,', '49,Germany peak,0,0,0.090,60,60,mon-fri,08:00,18:00']);
  const args = ['--deck', windowed, '--format', 'tollgate', '--number', '4930123456', '--seconds', '60', '--timezone', 'Europe/Berlin'];

  it('uses the window in force on the group clock across the DST change', async () => {
    // Fri 2026-03-27 06:30 UTC = 07:30 CET: off-peak. Mon 2026-03-30 06:30 UTC = 08:30 CEST: peak.
    expect((await rate(...args, '--answered-at', '2026-03-27T06:30:00Z')).first).toMatchObject({ costMicros: 30_000 });
    expect((await rate(...args, '--answered-at', '2026-03-30T06:30:00Z')).first).toMatchObject({ costMicros: 90_000 });
    // Monday 17:59:59 Berlin is peak, 18:00:00 is not (time_to is exclusive).
    expect((await rate(...args, '--answered-at', '2026-03-30T17:59:59+02:00')).first).toMatchObject({ costMicros: 90_000 });
    expect((await rate(...args, '--answered-at', '2026-03-30T18:00:00+02:00')).first).toMatchObject({ costMicros: 30_000 });
  });

  it('exits 1 with the report when windows overlap', async () => {
    const overlapping = file('overlap.csv', [TOLLGATE, '49,A,0,0,0.03,60,60,mon-fri,08:00,18:00', '49,B,0,0,0.05,60,60,fri,17:00,19:00']);
    const run = await rate('--deck', overlapping, '--format', 'tollgate', '--number', '49', '--seconds', '1');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('window_overlap');
  });
});
