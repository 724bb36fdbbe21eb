/**
 * What each account spent on this edge lately (customer-level cost of the calls whose CDRs
 * arrived), for sizing its next lease (`nextLeaseAmountMicros`). One window per account,
 * restarted when older than `SPEND_WINDOW_MS`; a window is counted as at least a minute, so
 * one expensive call right after a restart does not look like a flood.
 */
import type { RecentSpend as Spend } from '../../core/leases/sizing';

export const SPEND_WINDOW_MS = 15 * 60_000;
const MIN_WINDOW_SECONDS = 60;

export class RecentSpend {
  private readonly windows = new Map<string, { startedAtEpochMs: number; spentMicros: number }>();

  add(accountId: string, costMicros: number, nowEpochMs: number): void {
    const window = this.windows.get(accountId);
    if (window === undefined || nowEpochMs - window.startedAtEpochMs > SPEND_WINDOW_MS) {
      this.windows.set(accountId, { startedAtEpochMs: nowEpochMs, spentMicros: costMicros });
    } else {
      window.spentMicros += costMicros;
    }
  }

  of(accountId: string, nowEpochMs: number): Spend {
    const window = this.windows.get(accountId);
    if (window === undefined || nowEpochMs - window.startedAtEpochMs > SPEND_WINDOW_MS) {
      return { spentMicros: 0, windowSeconds: MIN_WINDOW_SECONDS };
    }
    const elapsedSeconds = Math.floor((nowEpochMs - window.startedAtEpochMs) / 1000);
    return { spentMicros: window.spentMicros, windowSeconds: Math.max(MIN_WINDOW_SECONDS, elapsedSeconds) };
  }
}
