/**
 * The subtree's current snapshot for `GET /edge/snapshot`: the version kept at the current
 * configuration epoch (`snapshots/<version>.json`, written when it was built) when there is one,
 * else a new build, which is kept and — once the indexes have settled — recorded for the next
 * poll (`core/snapshot/unchanged.ts`). A second edge of the same subtree, or one restarting
 * without a snapshot, is sent the kept version without the subtree being read again.
 */
import { createHash } from 'node:crypto';
import type { ObjectStore } from '../../../core/objects/object-store';
import { deckHashesOf, type SnapshotContent } from '../../../core/snapshot/snapshot';
import { buildIsRecordable, recordIsCurrent } from '../../../core/snapshot/unchanged';
import type { KeptBuild, SnapshotVersionLookup } from '../../shared/dynamo/snapshot-versions';
import type { ApiDeps } from '../deps';
import { buildEdgeSnapshot, type BuiltSnapshot } from './edge-snapshot';
import { keepSnapshot, snapshotObjectKey } from './snapshot-delta';

export async function currentSnapshot(
  deps: ApiDeps,
  rootPath: string,
  { epoch, record }: SnapshotVersionLookup,
  startedAtEpochMs: number,
): Promise<BuiltSnapshot> {
  const kept = recordIsCurrent(record, epoch, startedAtEpochMs) ? await keptSnapshot(deps.objects, record) : undefined;
  if (kept !== undefined) return kept;
  const built = await buildEdgeSnapshot(deps, rootPath);
  // Kept before it is recorded: a poll that finds the record finds the object.
  await keepSnapshot(deps.objects, built);
  if (buildIsRecordable(epoch, startedAtEpochMs)) {
    await deps.snapshotVersions.record(rootPath, {
      epoch: epoch.epoch,
      version: built.version,
      builtAtEpochMs: startedAtEpochMs,
      deckKeys: Object.fromEntries(built.deckKeys),
    });
  }
  return built;
}

/** The recorded version as it was kept; nothing if the object is gone, is not that version, or a deck's key is missing. */
async function keptSnapshot(objects: ObjectStore, record: KeptBuild): Promise<BuiltSnapshot | undefined> {
  const stored = await objects.get(snapshotObjectKey(record.version));
  if (stored === undefined) return undefined;
  if (createHash('sha256').update(stored).digest('hex') !== record.version) return undefined;
  const json = new TextDecoder().decode(stored);
  const content = JSON.parse(json) as SnapshotContent;
  // Every deck it names needs its object key for a download URL; a record without them is rebuilt.
  if (!deckHashesOf(content).every((hash) => record.deckKeys[hash] !== undefined)) return undefined;
  const deckKeys = new Map(Object.entries(record.deckKeys));
  return { version: record.version, content, json, deckKeys, parsedJson: content };
}
