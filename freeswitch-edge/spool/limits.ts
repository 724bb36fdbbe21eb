/**
 * The spool's named limits. Defaults: 8 MiB segments, a 1 GiB cap on unsent bytes (about
 * 700,000 CDRs of 1.5 KB — days of traffic for a typical box), a warning at half of it.
 */
export interface SpoolLimits {
  /** A segment is closed and a new one started once it holds this many bytes. */
  readonly segmentBytes: number;
  /** Unsent bytes beyond which `append` refuses (FreeSWITCH then keeps the CDR in err-log-dir). */
  readonly capBytes: number;
  /** Health turns `warning` (and a log line is written) from this many unsent bytes on. */
  readonly warnBytes: number;
}

export const DEFAULT_SPOOL_LIMITS: SpoolLimits = {
  segmentBytes: 8 * 1024 * 1024,
  capBytes: 1024 * 1024 * 1024,
  warnBytes: 512 * 1024 * 1024,
};

export type SpoolHealth = 'ok' | 'warning' | 'full';

export function spoolHealth(limits: SpoolLimits, unsentBytes: number): SpoolHealth {
  if (unsentBytes >= limits.capBytes) return 'full';
  return unsentBytes >= limits.warnBytes ? 'warning' : 'ok';
}
