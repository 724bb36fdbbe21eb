// Proves the snapshot store: a written snapshot loads back byte for byte after a "restart"; a
// corrupted or truncated newest file is rejected by its checksum and the previous good one is
// used; only the newest few are kept.
import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNewestSnapshot, SNAPSHOTS_KEPT, writeSnapshot } from './snapshot-store';

const body = (text: string) => Buffer.from(text.repeat(1000));

describe('snapshot store', () => {
  it('loads the newest good snapshot back, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snap-'));
    await writeSnapshot(dir, { version: 'v1', syncedAtEpochMs: 1 }, body('a'));
    await writeSnapshot(dir, { version: 'v2', syncedAtEpochMs: 2 }, body('b'));
    const { snapshot, rejected } = await loadNewestSnapshot(dir);
    expect(rejected).toEqual([]);
    expect(snapshot?.metadata).toEqual({ version: 'v2', syncedAtEpochMs: 2 });
    expect(snapshot?.body.equals(body('b'))).toBe(true);
  });

  it('falls back to the previous version when the newest is corrupt or truncated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snap-'));
    await writeSnapshot(dir, { version: 'v1', syncedAtEpochMs: 1 }, body('a'));
    const v2 = await writeSnapshot(dir, { version: 'v2', syncedAtEpochMs: 2 }, body('b'));
    const flipped = readFileSync(join(dir, v2));
    flipped[flipped.length - 10] = (flipped[flipped.length - 10] ?? 0) ^ 0xff;
    writeFileSync(join(dir, v2), flipped);
    const corrupt = await loadNewestSnapshot(dir);
    expect(corrupt.snapshot?.metadata.version).toBe('v1');
    expect(corrupt.rejected).toEqual([{ file: v2, reason: 'checksum mismatch' }]);

    const v3 = await writeSnapshot(dir, { version: 'v3', syncedAtEpochMs: 3 }, body('c'));
    truncateSync(join(dir, v3), 100);
    const truncated = await loadNewestSnapshot(dir);
    expect(truncated.snapshot?.metadata.version).toBe('v1');
    expect(truncated.rejected.map((r) => r.file)).toEqual([v3, v2]);
  });

  it('an empty or missing directory has no snapshot (the edge refuses with no_snapshot)', async () => {
    expect((await loadNewestSnapshot(join(tmpdir(), 'does-not-exist-tollgate'))).snapshot).toBeNull();
    expect((await loadNewestSnapshot(mkdtempSync(join(tmpdir(), 'snap-')))).snapshot).toBeNull();
  });

  it(`keeps only the newest ${SNAPSHOTS_KEPT} files`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snap-'));
    for (let v = 1; v <= 6; v += 1) await writeSnapshot(dir, { version: `v${v}`, syncedAtEpochMs: v }, body(String(v)));
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(SNAPSHOTS_KEPT);
  });
});
