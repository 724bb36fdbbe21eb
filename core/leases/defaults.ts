/**
 * The credit-lease knobs, one place, a reason per knob (docs/leases.md, "Defaults").
 */

/**
 * One hour: long enough that an edge cut off from the cloud keeps authorizing through a
 * typical outage, short enough that money an edge holds comes back the same hour.
 */
export const LEASE_TTL_SECONDS = 3_600;

/** A day: a lease asked for longer is refused (`invalid_ttl`); money held longer is idle. */
export const MAX_LEASE_TTL_SECONDS = 86_400;

/**
 * Fifteen minutes after `expires + max call length`: time for the last call's CDR to reach the
 * spool, ship and be rated, and for the edge's clock to disagree with the cloud's, before an
 * abandoned lease's money is released.
 */
export const SETTLE_GRACE_MS = 15 * 60_000;

/**
 * The edge stops authorizing from a lease this long before its hard expiry: its clock may run
 * behind the cloud's by up to this much without a call starting after the cloud's expiry.
 */
export const CLOCK_SKEW_MARGIN_MS = 30_000;

/** The edge asks for a new lease this long before it stops authorizing from the current one. */
export const RENEW_AHEAD_MS = 5 * 60_000;

/**
 * …or when any level has less than 1 / RENEW_BELOW_DIVISOR of its reservation left (a quarter:
 * a renewal round trip is far shorter than spending the last quarter at the rate that spent
 * the first three).
 */
export const RENEW_BELOW_DIVISOR = 4;

/** Top-ups one lease may take (each is remembered for idempotency): a bounded lease item. */
export const MAX_TOP_UPS_PER_LEASE = 100;

/**
 * Lease size from recent spend: enough for this many seconds at the rate the account spent
 * over the recent window. Fifteen minutes: a few renewals per hour keep small balances shared
 * between edges instead of one edge holding all of it.
 */
export const LEASE_HORIZON_SECONDS = 900;

/** The first lease of an account with no recent spend: 1.00 of its currency. */
export const FIRST_LEASE_MICROS = 1_000_000;

/** Never smaller (one call's first block on most rates), never larger (idle money). */
export const MIN_LEASE_MICROS = 100_000;
export const MAX_LEASE_MICROS = 100_000_000;

/** Reason texts of write-offs are at most this long (audit records stay small). */
export const MAX_WRITE_OFF_REASON_LENGTH = 200;
