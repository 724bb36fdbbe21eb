/**
 * Whether the event loop is busy: its utilization (time running callbacks over wall time,
 * `performance.eventLoopUtilization`) over the last window. The answer batch asks it per call,
 * so it is resampled at most once a window, not per call.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface LoopLoad {
  busy(nowMs: number): boolean;
}

/** Busy from this utilization on: a loop half full is where answers start to queue. */
export const BUSY_UTILIZATION = 0.5;
export const LOAD_WINDOW_MS = 20;

export class EventLoopLoad implements LoopLoad {
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private sampledAtMs = Number.NEGATIVE_INFINITY;
  private isBusy = false;

  constructor(
    private readonly threshold = BUSY_UTILIZATION,
    private readonly windowMs = LOAD_WINDOW_MS,
  ) {}

  busy(nowMs: number): boolean {
    if (nowMs - this.sampledAtMs < this.windowMs) return this.isBusy;
    const current = performance.eventLoopUtilization();
    this.isBusy = performance.eventLoopUtilization(current, this.last).utilization >= this.threshold;
    this.last = current;
    this.sampledAtMs = nowMs;
    return this.isBusy;
  }
}
