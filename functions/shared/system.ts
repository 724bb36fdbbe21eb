/**
 * The real clock, sleep and randomness, injected into core services at the edge of the system.
 */
import type { Backoff, Clock } from '../../core/ledger/ports';

export const systemClock: Clock = { nowEpochMs: () => Date.now() };

export const systemBackoff: Backoff = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};
