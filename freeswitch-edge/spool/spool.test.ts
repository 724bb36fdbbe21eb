// Proves the spool on a real file system: appends are durable and read back in order, batches
// respect their limits, acknowledgements survive a restart (resume from the last acknowledged
// record), segments rotate and are deleted once sent, the byte cap refuses loudly.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CdrSpool } from './spool';

const limits = { segmentBytes: 1_000, capBytes: 20_000, warnBytes: 10_000 };
let now = 1_700_000_000_000;
const clock = () => (now += 1);
const payload = (id: number) => Buffer.from(JSON.stringify({ uuid: `cdr-${id}`, pad: 'x'.repeat(60) }));
const ids = (records: { payload: Buffer }[]) => records.map((r) => (JSON.parse(r.payload.toString()) as { uuid: string }).uuid);

describe('CdrSpool', () => {
  it('appends concurrently (group commit) and reads back in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const { spool, recovery } = await CdrSpool.open(dir, { limits, clock });
    expect(recovery).toEqual({ records: 0, tornTail: null, damagedSegments: [] });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => spool.append(payload(i))));
    expect(results.every((r) => r.ok)).toBe(true);
    const batch = await spool.oldestUnsent(20, 1_000_000);
    expect(ids(batch)).toEqual(Array.from({ length: 20 }, (_, i) => `cdr-${i}`));
    expect(spool.stats()).toMatchObject({ depthRecords: 50, health: 'ok' });
    // one group commit went to one segment; the next appends rotate (segments of 1,000 bytes)
    for (let i = 50; i < 80; i += 1) await spool.append(payload(i));
    expect(readdirSync(dir).filter((f) => f.endsWith('.seg')).length).toBeGreaterThan(3);
    expect(ids(await spool.oldestUnsent(100, 1_000_000))).toEqual(Array.from({ length: 80 }, (_, i) => `cdr-${i}`));
    await spool.close();
  });

  it('acknowledged records are gone after a restart; the rest resume in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const first = await CdrSpool.open(dir, { limits, clock });
    for (let i = 0; i < 40; i += 1) await first.spool.append(payload(i));
    const sent = await first.spool.oldestUnsent(25, 1_000_000);
    await first.spool.acknowledge(sent[sent.length - 1]!.end);
    expect(first.spool.stats().depthRecords).toBe(15);
    await first.spool.close();

    const second = await CdrSpool.open(dir, { limits, clock });
    expect(second.recovery.records).toBe(15);
    expect(ids(await second.spool.oldestUnsent(100, 1_000_000))).toEqual(Array.from({ length: 15 }, (_, i) => `cdr-${25 + i}`));
    // segments wholly before the acknowledged position were deleted
    const segments = readdirSync(dir).filter((f) => f.endsWith('.seg')).sort();
    expect(Number(segments[0]?.slice(0, 16))).toBe(sent[sent.length - 1]!.end.segment);
    await second.spool.close();
  });

  it('a batch stops before its byte limit but always carries at least one record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const { spool } = await CdrSpool.open(dir, { limits, clock });
    for (let i = 0; i < 10; i += 1) await spool.append(payload(i));
    const size = 16 + payload(0).length;
    expect(await spool.oldestUnsent(100, size * 3)).toHaveLength(3);
    expect(await spool.oldestUnsent(100, 1)).toHaveLength(1);
    await spool.close();
  });

  it('reports warning past warnBytes and refuses with spool_full at the cap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const { spool } = await CdrSpool.open(dir, { limits, clock });
    let refused = null;
    for (let i = 0; i < 1_000 && refused === null; i += 1) {
      const result = await spool.append(payload(i));
      if (!result.ok) refused = result;
      if (i === 130) expect(spool.stats().health).toBe('warning');
    }
    expect(refused).toMatchObject({ ok: false, code: 'spool_full' });
    expect(spool.stats().unsentBytes).toBeLessThanOrEqual(limits.capBytes);
    expect(spool.stats().health).toBe('full');
    await spool.close();
  });

  it('oldestUnsentAtEpochMs is the append time of the oldest unsent record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const { spool } = await CdrSpool.open(dir, { limits, clock: () => 42_000 });
    expect(spool.stats().oldestUnsentAtEpochMs).toBeNull();
    await spool.append(payload(1));
    expect(spool.stats().oldestUnsentAtEpochMs).toBe(42_000);
    await spool.close();
  });
});
