// Proves the spool's fill warnings on a real file system: one structured `warn` line naming the
// bytes and the cap when the unsent bytes pass `warnBytes` (not one per record), health turns
// `warning`; one `error` line when the cap refuses, `full` health; each episode's end is logged
// and a second crossing warns again; a spool reopened above the mark warns at start.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CdrSpool } from './spool';

// Each record is 16 bytes of header + 84 of payload = 100 bytes.
const limits = { segmentBytes: 1_000_000, capBytes: 3_000, warnBytes: 1_000 };
const payload = Buffer.from(JSON.stringify({ uuid: 'x', pad: 'p'.repeat(63) }));

function recorder() {
  const lines: { event: string; fields: Record<string, unknown> }[] = [];
  return { lines, log: (event: string, fields: Record<string, unknown>) => lines.push({ event, fields }) };
}

async function appendMany(spool: CdrSpool, count: number) {
  for (let i = 0; i < count; i += 1) await spool.append(payload);
}

describe('spool fill warnings', () => {
  it('warns once per crossing of warnBytes, naming the bytes and the cap; health follows', async () => {
    expect(payload.length).toBe(84);
    const { lines, log } = recorder();
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'spool-fill-')), { limits, clock: () => 0, log });
    await appendMany(spool, 9);
    expect(lines).toEqual([]);
    expect(spool.stats().health).toBe('ok');
    await appendMany(spool, 5); // crosses 1,000 at the 10th record, stays above for 4 more
    expect(lines).toEqual([
      {
        event: 'spool_warning',
        fields: expect.objectContaining({ level: 'warn', unsentBytes: 1_000, warnBytes: 1_000, capBytes: 3_000 }),
      },
    ]);
    expect(String(lines[0]?.fields.message)).toContain('1000 unsent bytes');
    expect(spool.stats().health).toBe('warning');
    // The sender ships all but 2 records: below the mark, the episode ends.
    const sent = await spool.oldestUnsent(12, Number.MAX_SAFE_INTEGER);
    await spool.acknowledge(sent[sent.length - 1]!.end);
    expect(lines.map((line) => line.event)).toEqual(['spool_warning', 'spool_warning_cleared']);
    expect(spool.stats().health).toBe('ok');
    await appendMany(spool, 8); // 2 + 8 = 10 records: a second crossing warns again
    expect(lines.map((line) => line.event)).toEqual(['spool_warning', 'spool_warning_cleared', 'spool_warning']);
    await spool.close();
  });

  it('logs the cap once when it refuses, health full, and again after space was freed', async () => {
    const { lines, log } = recorder();
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'spool-fill-')), { limits, clock: () => 0, log });
    await appendMany(spool, 30);
    const refused = await Promise.all([spool.append(payload), spool.append(payload), spool.append(payload)]);
    expect(refused.map((result) => result.ok)).toEqual([false, false, false]);
    const full = lines.filter((line) => line.event === 'spool_full');
    expect(full).toEqual([{ event: 'spool_full', fields: expect.objectContaining({ level: 'error', unsentBytes: 3_000, capBytes: 3_000 }) }]);
    expect(spool.stats().health).toBe('full');
    const sent = await spool.oldestUnsent(1, Number.MAX_SAFE_INTEGER);
    await spool.acknowledge(sent[0]!.end);
    expect(spool.stats().health).toBe('warning');
    await appendMany(spool, 2);
    expect(lines.map((line) => line.event)).toEqual(['spool_warning', 'spool_full', 'spool_full_cleared', 'spool_full']);
    await spool.close();
  });

  it('warns at start when the recovered spool is already past the mark', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'spool-fill-'));
    const first = await CdrSpool.open(directory, { limits, clock: () => 0 });
    await appendMany(first.spool, 12);
    await first.spool.close();
    const { lines, log } = recorder();
    const { spool } = await CdrSpool.open(directory, { limits, clock: () => 0, log });
    expect(lines).toEqual([{ event: 'spool_warning', fields: expect.objectContaining({ level: 'warn', unsentBytes: 1_200, warnBytes: 1_000, capBytes: 3_000 }) }]);
    expect(spool.stats().health).toBe('warning');
    await spool.close();
  });
});
