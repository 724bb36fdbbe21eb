/**
 * Calls-per-second limits, counted per edge (each edge admits up to the limit; N edges admit up
 * to N × the limit, the price of authorizing without the cloud). A call is admitted only when
 * the account and every reseller above it are under their `cpsLimit` in the current one-second
 * window; an admitted call counts against every level, a refused one against none. The clock is
 * the caller's, so the window is deterministic in tests.
 */

export interface CpsLevel {
  readonly accountId: string;
  /** Calls per second; 0 or less = no limit. */
  readonly cpsLimit: number;
}

/** Accounts tracked at most; beyond it the oldest windows are forgotten (they have expired). */
export const CPS_TRACKED_ACCOUNTS = 200_000;

export class CpsWindow {
  private readonly windows = new Map<string, { second: number; count: number }>();

  /** The first level over its limit, or null when the call is admitted (and counted). */
  admit(levels: readonly CpsLevel[], nowEpochMs: number): string | null {
    const second = Math.floor(nowEpochMs / 1000);
    for (const level of levels) {
      if (level.cpsLimit <= 0) continue;
      const window = this.windows.get(level.accountId);
      const count = window !== undefined && window.second === second ? window.count : 0;
      if (count >= level.cpsLimit) return level.accountId;
    }
    for (const level of levels) {
      if (level.cpsLimit <= 0) continue;
      const window = this.windows.get(level.accountId);
      // A window is reused for the next second: a new one per call would outlive the young
      // generation (an account's next call comes seconds later), and be GC work.
      if (window === undefined) this.windows.set(level.accountId, { second, count: 1 });
      else if (window.second === second) window.count += 1;
      else {
        window.second = second;
        window.count = 1;
      }
    }
    if (this.windows.size > CPS_TRACKED_ACCOUNTS) this.forget(second);
    return null;
  }

  private forget(second: number): void {
    for (const [id, window] of this.windows) if (window.second < second) this.windows.delete(id);
  }
}
