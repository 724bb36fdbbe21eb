// Proves the local object store behaves as S3 does for puts of one key at once: every put succeeds, the object is whole (one of the versions written, never a mix), and no partial file is left behind.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from './directory-object-store';

describe('DirectoryObjectStore.put', () => {
  it('lets concurrent puts of one key all succeed; the last whole object wins', async () => {
    const root = mkdtempSync(join(tmpdir(), 'objects-'));
    const store = new DirectoryObjectStore(root, 'http://127.0.0.1:1', 'secret');
    const versions = Array.from({ length: 20 }, (_, i) => new Uint8Array(200_000).fill(i + 1));
    await Promise.all(versions.map((bytes) => store.put('snapshots/v1.json', bytes)));
    const stored = await store.get('snapshots/v1.json');
    expect(stored?.length).toBe(200_000);
    const first = stored?.[0];
    expect(first).toBeGreaterThanOrEqual(1);
    expect(stored?.every((byte) => byte === first)).toBe(true);
    expect(readdirSync(join(root, 'snapshots'))).toEqual(['v1.json']);
  });
});
