import { CLOCK_SKEW_MARGIN_MS, LEASE_TTL_SECONDS, RENEW_AHEAD_MS } from '../core/leases';

/** Every knob of the edge agent, with why it has the value it has. */
export const EDGE_DEFAULTS = {
  /** Loopback only: FreeSWITCH runs on the same box, nothing else should reach the edge. */
  listen: '127.0.0.1:7480',
  /** 1 GiB of unsent CDRs (~700,000 at 1.5 KB): days of traffic for one box during an outage. */
  spoolCapBytes: 1024 * 1024 * 1024,
  /** Health turns `warning` (and a log line is written) at half the cap, long before refusals. */
  spoolWarnBytes: 512 * 1024 * 1024,
  /** Segments of 8 MiB: deleted as a whole once sent, small enough to rescan fast at start. */
  spoolSegmentBytes: 8 * 1024 * 1024,
  /** CDRs per POST to the cloud: ≥ 100 per message keeps the cloud's write units low. */
  sendBatchRecords: 500,
  /** Stays under API Gateway's 10 MB payload limit with room for JSON overhead. */
  sendBatchBytes: 4 * 1024 * 1024,
  /** A partial batch waits at most 1 s: CDRs reach the cloud within seconds. */
  sendBatchAgeMs: 1_000,
  /** One send attempt gives up after 15 s and is retried with backoff. */
  sendTimeoutMs: 15_000,
  /**
   * The snapshot is asked for every 10 s, so a suspension or a new device reaches the switch
   * within seconds. An unchanged poll costs the cloud a few small reads (key, configuration epoch),
   * not a read of the subtree; polls never overlap (the next waits for the last).
   */
  snapshotPollMs: 10_000,
  /** A snapshot pull (with its deck downloads) gives up after 60 s and is retried next poll. */
  snapshotTimeoutMs: 60_000,
  /** Credit leases last an hour (`LEASE_TTL_SECONDS`, core/leases/defaults.ts says why). */
  leaseTtlSeconds: LEASE_TTL_SECONDS,
  /** Calls stop 30 s before a lease's hard expiry: this edge's clock may be that far behind. */
  leaseSkewMarginMs: CLOCK_SKEW_MARGIN_MS,
  /** The next lease is asked for 5 minutes before the current one stops authorizing. */
  leaseRenewAheadMs: RENEW_AHEAD_MS,
  /** A lease no call used for 10 minutes is closed: idle money goes back to the account. */
  leaseIdleCloseMs: 10 * 60_000,
  /** A call that finds no money waits this long for a grant: under FreeSWITCH's 2 s fetch timeout. */
  leaseWaitMs: 1_000,
  /** After the cloud refused money (or did not answer), calls are refused at once for 5 s. */
  leaseRetryAfterMs: 5_000,
  /** One lease request gives up after 5 s (the call waiting for it gave up long before). */
  leaseTimeoutMs: 5_000,
  /** Renewals, closes and abandon reports are looked at every second. */
  leaseUpkeepMs: 1_000,
  /**
   * FreeSWITCH writes a CDR it could not deliver (the edge down, the spool full) to its
   * err-log-dir and never retries it; the edge looks there every minute, not only at start.
   */
  errLogRescanMs: 60_000,
  /** Largest body FreeSWITCH may POST; real CDRs are 10–30 KB, the parser's cap is 4 Mi chars. */
  maxRequestBytes: 8 * 1024 * 1024,
} as const;
