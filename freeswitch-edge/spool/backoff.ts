/**
 * Capped exponential backoff with full jitter (retry n waits a random time in
 * [0, min(cap, base · 2^n)]), so many edges coming back after an outage do not send in step.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

/** Sender retries: first retry within 0.5 s, never more than 30 s apart. */
export const DEFAULT_SEND_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
