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
  private readonly calls = new Map<string, { accounts: string[]; expiresAtEpochMs: number }>();
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
    const accounts = levels.map((level) => level.accountId);
    for (const id of accounts) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    const expiresAtEpochMs = nowEpochMs + maxCallSeconds * 1000 + RING_ALLOWANCE_MS;
    this.calls.set(callUuid, { accounts, expiresAtEpochMs });
    return null;
  }

  /** Frees the call's channels; unknown or already released calls are ignored. */
  release(callUuid: string): void {
    const call = this.calls.get(callUuid);
    if (call === undefined) return;
    this.calls.delete(callUuid);
    for (const id of call.accounts) {
      const left = (this.counts.get(id) ?? 1) - 1;
      if (left > 0) this.counts.set(id, left);
      else this.counts.delete(id);
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
