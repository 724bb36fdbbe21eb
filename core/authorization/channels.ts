/**
 * Concurrent channels, counted per edge: a call holds one channel of its account and of every
 * reseller above it from authorization until its A-leg CDR reaches this edge. A call whose CDR
 * never comes (FreeSWITCH kept it in err-log-dir, the box restarted) is released when it could
 * no longer be up: its max call length plus `RING_ALLOWANCE_MS` after authorization. A second
 * dialplan request for the same call (after a `transfer`) does not take a second channel.
 * The clock is the caller's.
 */

export interface ChannelLevel {
  readonly accountId: string;
  /** Concurrent calls; 0 or less = no limit. */
  readonly maxChannels: number;
}

/** Ringing before answer is not in the max call length: 5 minutes covers any ring timeout. */
export const RING_ALLOWANCE_MS = 300_000;
/** Expired calls are swept at most once a second (a sweep walks every held call). */
const SWEEP_EVERY_MS = 1_000;

export class ChannelCounts {
  // The call keeps the caller's `levels` (the account's chain, shared by its calls), not a copy:
  // a held call's record outlives the young generation, so every object in it is GC work.
  private readonly calls = new Map<string, { levels: readonly ChannelLevel[]; expiresAtEpochMs: number }>();
  private readonly counts = new Map<string, number>();
  private sweptAtEpochMs = 0;

  /** The first level at its limit, or null when the call now holds a channel at every level. */
  admit(
    callUuid: string,
    levels: readonly ChannelLevel[],
    maxCallSeconds: number,
    nowEpochMs: number,
  ): string | null {
    this.sweep(nowEpochMs);
    if (this.calls.has(callUuid)) return null;
    for (const level of levels) {
      if (level.maxChannels > 0 && (this.counts.get(level.accountId) ?? 0) >= level.maxChannels) {
        return level.accountId;
      }
    }
    for (const { accountId } of levels) this.counts.set(accountId, (this.counts.get(accountId) ?? 0) + 1);
    const expiresAtEpochMs = nowEpochMs + maxCallSeconds * 1000 + RING_ALLOWANCE_MS;
    this.calls.set(callUuid, { levels, expiresAtEpochMs });
    return null;
  }

  /** Frees the call's channels; unknown or already released calls are ignored. */
  release(callUuid: string): void {
    const call = this.calls.get(callUuid);
    if (call === undefined) return;
    this.calls.delete(callUuid);
    for (const { accountId } of call.levels) {
      const left = (this.counts.get(accountId) ?? 1) - 1;
      if (left > 0) this.counts.set(accountId, left);
      else this.counts.delete(accountId);
    }
  }

  inUse(accountId: string): number {
    return this.counts.get(accountId) ?? 0;
  }

  private sweep(nowEpochMs: number): void {
    if (nowEpochMs - this.sweptAtEpochMs < SWEEP_EVERY_MS) return;
    this.sweptAtEpochMs = nowEpochMs;
    for (const [uuid, call] of this.calls) if (call.expiresAtEpochMs <= nowEpochMs) this.release(uuid);
  }
}
