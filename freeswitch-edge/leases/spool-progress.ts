/**
 * Has the sender shipped a lease's CDRs? The spool is shipped in order, so a lease is drained
 * once the sender's acknowledged position passed its newest CDR. CDRs spooled before this start
 * (the records found unsent at start, err-log-dir pickups included) are not looked into: a
 * lease from an earlier run is drained once that many records were acknowledged since.
 */
import { comparePositions, type SpoolPosition } from '../spool/cursor';

export class SpoolProgress {
  private acknowledgedThrough: SpoolPosition | null = null;

  constructor(private unsentFromEarlierRuns: number) {}

  /** The sender's report after each accepted batch. */
  acknowledged(records: number, through: SpoolPosition): void {
    this.unsentFromEarlierRuns = Math.max(0, this.unsentFromEarlierRuns - records);
    this.acknowledgedThrough = through;
  }

  /** Every CDR up to `newest` (and, for `fromEarlierRun`, every older record) was accepted. */
  shipped(newest: SpoolPosition | null, fromEarlierRun: boolean): boolean {
    if (fromEarlierRun && this.unsentFromEarlierRuns > 0) return false;
    if (newest === null) return true;
    return this.acknowledgedThrough !== null && comparePositions(this.acknowledgedThrough, newest) >= 0;
  }
}
