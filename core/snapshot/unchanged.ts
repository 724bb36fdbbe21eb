/**
 * When `GET /edge/snapshot` may answer 304 without building: the cloud keeps, per subtree, the
 * version it last built and the configuration epoch it read before building
 * (`functions/shared/dynamo/config-epoch.ts`). An edge holding that version, at that epoch, holds
 * the current snapshot; one holding another is sent that version as it was kept, not rebuilt.
 *
 * Two guards, because the build reads listings from indexes that AWS updates after the write
 * (eventually consistent): a build is recorded only once the epoch's last change is older than
 * the indexes' settling time, so a build that missed a fresh write is never taken as current;
 * and a record older than its maximum age is rebuilt anyway, which bounds how long a write
 * whose epoch move never happened (its function stopped in between) can go unseen.
 */

/** What the cloud remembers of a subtree's last build. */
export interface BuiltVersionRecord {
  readonly epoch: number;
  readonly version: string;
  readonly builtAtEpochMs: number;
}

export interface EpochState {
  readonly epoch: number;
  readonly changedAtEpochMs: number;
}

/** Longer than DynamoDB's index propagation, which is typically well under a second. */
export const INDEX_SETTLE_MS = 10_000;
/** A recorded build is trusted this long at most (edges poll every 30 s by default). */
export const BUILT_RECORD_MAX_AGE_MS = 5 * 60_000;

/** The recorded build is the subtree's current snapshot: made at this epoch, and fresh. */
export function recordIsCurrent(
  record: BuiltVersionRecord | undefined,
  epoch: EpochState,
  nowEpochMs: number,
): record is BuiltVersionRecord {
  if (record === undefined || record.epoch !== epoch.epoch) return false;
  const age = nowEpochMs - record.builtAtEpochMs;
  return age >= 0 && age < BUILT_RECORD_MAX_AGE_MS;
}

/** The version the edge holds (one of `heldVersions`) is current: no build needed. */
export function heldVersionIsCurrent(
  record: BuiltVersionRecord | undefined,
  epoch: EpochState,
  heldVersions: readonly string[],
  nowEpochMs: number,
): boolean {
  return recordIsCurrent(record, epoch, nowEpochMs) && heldVersions.includes(record.version);
}

/** A build that read `epoch` before it started may be recorded as that epoch's version. */
export function buildIsRecordable(epoch: EpochState, buildStartedAtEpochMs: number): boolean {
  return buildStartedAtEpochMs - epoch.changedAtEpochMs >= INDEX_SETTLE_MS;
}
