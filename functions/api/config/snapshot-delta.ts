/**
 * Since-version deltas for `GET /edge/snapshot?since=<version>` (`core/snapshot/delta.ts`).
 * Every version answered in full is kept as an object, `snapshots/<version>.json` (named by its
 * hash, so writing it again is harmless; the bucket expires them after a week); a later poll
 * naming it gets only what changed. A base that is gone or unreadable, or a delta no smaller
 * than the content, answers nothing here, and the route sends the whole snapshot.
 */
import {
  diffSnapshots,
  hasSnapshotSections,
  type SnapshotDelta,
} from '../../../core/snapshot/delta';
import type { SnapshotContent } from '../../../core/snapshot/snapshot';
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
  // Both sides as canonical JSON parsed back (keys sorted), so entities compare as plain
  // JSON.stringify. The base is not re-hashed or re-validated here: it is the text we wrote
  // under its hash, and the edge checks the rebuilt content's hash before using any of it.
  const base = parsed(new TextDecoder().decode(stored));
  if (!hasSnapshotSections(base)) return undefined;
  const next = built.parsedJson ?? (JSON.parse(built.json) as SnapshotContent);
  const delta = diffSnapshots(since, base, next, (entity) => JSON.stringify(entity));
  const bytes = Buffer.byteLength(JSON.stringify(delta));
  return bytes < Buffer.byteLength(built.json) && bytes <= maxBytes ? delta : undefined;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
