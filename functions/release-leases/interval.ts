/** The sweeper under `npm start`: the same service as the scheduled function, on a timer. */
import type { LeaseStore } from '../shared/dynamo/lease-store';
import { releaseDueLeases } from './service';

/** Locally every minute (the cloud's schedule is five): nothing waits long on a laptop. */
export const LOCAL_RELEASE_INTERVAL_MS = 60_000;

export function startLeaseSweeper(
  store: LeaseStore,
  log: (event: string, fields: Record<string, unknown>) => void,
  intervalMs = LOCAL_RELEASE_INTERVAL_MS,
): { stop(): void } {
  const timer = setInterval(() => {
    releaseDueLeases(store).then(
      (report) => report.examined > 0 && log('abandoned leases swept', { ...report }),
      (error: unknown) => log('lease sweep failed', { error: String(error) }),
    );
  }, intervalMs);
  // The sweeper never keeps the process alive on its own.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
