/**
 * Since-version deltas for `GET /edge/snapshot?since=<version>` (`core/snapshot/delta.ts`).
 * Every version answered in full is kept as an object, `snapshots/<version>.json` (named by its
 * hash, so writing it again is harmless; the bucket expires them after a week); a later poll
 * naming it gets only what changed. A base that is gone, not that version, or a delta no
 * smaller than the content answers nothing here, and the route sends the whole snapshot.
 */
import { diffSnapshots, type SnapshotDelta } from '../../../core/snapshot/delta';
import { canonicalJson, snapshotContentSchema, versionedJson } from '../../../core/snapshot/snapshot';
import type { ObjectStore } from '../../../core/objects/object-store';
import type { BuiltSnapshot } from './edge-snapshot';

export const snapshotObjectKey = (version: string) => `snapshots/${version}.json`;

/** Keeps the built version as a future base (and as the large-subtree download). */
export async function keepSnapshot(objects: ObjectStore, built: BuiltSnapshot): Promise<void> {
  const bytes = new TextEncoder().encode(built.json);
  await objects.put(snapshotObjectKey(built.version), bytes, 'application/json');
}

/**
 * The delta from `since` to the built version, when one can be made and is worth sending:
 * smaller than the content, and than `maxBytes` (what fits in an answer).
 */
export async function deltaSince(
  objects: ObjectStore,
  since: string,
  built: BuiltSnapshot,
  maxBytes: number,
): Promise<SnapshotDelta | undefined> {
  const stored = await objects.get(snapshotObjectKey(since));
  if (stored === undefined) return undefined;
  const json: unknown = JSON.parse(new TextDecoder().decode(stored));
  // Named by its hash: an object that is not that version is no base for anything.
  if (versionedJson(json).version !== since) return undefined;
  const base = snapshotContentSchema.safeParse(json);
  if (!base.success) return undefined;
  const delta = diffSnapshots(since, base.data, built.content);
  const bytes = Buffer.byteLength(canonicalJson(delta));
  return bytes < Buffer.byteLength(built.json) && bytes <= maxBytes ? delta : undefined;
}
