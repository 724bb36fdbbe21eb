/**
 * Ships the spool to the cloud: the oldest unsent records in batches (size and age limits),
 * marked done only after the cloud accepted them, retried with capped exponential backoff and
 * jitter. After a restart it resumes from the spool's acknowledged position; a batch re-sent
 * after a crash is harmless because the cloud is idempotent on the CDR uuid.
 */
import { backoffDelayMs, DEFAULT_SEND_BACKOFF, type BackoffPolicy } from './backoff';
import type { SpoolPosition } from './cursor';
import type { CdrSpool, SpooledRecord } from './spool';

export type ShipOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface SenderPorts {
  /** Sends one batch; resolves ok only when the cloud accepted every record of it. */
  readonly ship: (batch: readonly SpooledRecord[]) => Promise<ShipOutcome>;
  readonly clock: () => number;
  readonly random: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly log: (event: string, fields: Record<string, unknown>) => void;
  /** Told after each accepted batch (the credit leases wait for their CDRs to be shipped). */
  readonly acknowledged?: (records: number, through: SpoolPosition) => void;
}

export interface SenderLimits {
  readonly maxBatchRecords: number;
  readonly maxBatchBytes: number;
  /** A partial batch waits at most this long for more records before it is sent. */
  readonly maxBatchAgeMs: number;
  /** How often an idle sender looks for new records. */
  readonly idlePollMs: number;
  readonly backoff: BackoffPolicy;
}

export const DEFAULT_SENDER_LIMITS: SenderLimits = {
  maxBatchRecords: 500,
  maxBatchBytes: 2 * 1024 * 1024,
  maxBatchAgeMs: 1_000,
  idlePollMs: 200,
  backoff: DEFAULT_SEND_BACKOFF,
};

export interface SenderStatus {
  readonly lastSuccessAtEpochMs: number | null;
  readonly lastFailure: string | null;
  readonly consecutiveFailures: number;
}

export class SpoolSender {
  private lastSuccessAtEpochMs: number | null = null;
  private lastFailure: string | null = null;
  private consecutiveFailures = 0;

  constructor(
    private readonly spool: CdrSpool,
    private readonly ports: SenderPorts,
    private readonly limits: SenderLimits = DEFAULT_SENDER_LIMITS,
  ) {}

  status(): SenderStatus {
    return {
      lastSuccessAtEpochMs: this.lastSuccessAtEpochMs,
      lastFailure: this.lastFailure,
      consecutiveFailures: this.consecutiveFailures,
    };
  }

  /** Runs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const batch = await this.nextBatch();
      if (batch === null) {
        await this.ports.sleep(this.limits.idlePollMs, signal);
        continue;
      }
      const sent = await this.sendOnce(batch);
      if (!sent) await this.ports.sleep(backoffDelayMs(this.limits.backoff, this.consecutiveFailures - 1, this.ports.random), signal);
    }
  }

  /** One attempt: true when the cloud accepted the batch and the spool recorded it. */
  async sendOnce(batch: readonly SpooledRecord[]): Promise<boolean> {
    const last = batch[batch.length - 1];
    if (last === undefined) return true;
    const outcome = await this.ports.ship(batch).catch((error: unknown) => ({ ok: false as const, reason: String(error) }));
    if (!outcome.ok) {
      this.consecutiveFailures += 1;
      this.lastFailure = outcome.reason;
      this.ports.log('spool_send_failed', { records: batch.length, reason: outcome.reason, attempt: this.consecutiveFailures });
      return false;
    }
    await this.spool.acknowledge(last.end);
    this.ports.acknowledged?.(batch.length, last.end);
    this.consecutiveFailures = 0;
    this.lastSuccessAtEpochMs = this.ports.clock();
    return true;
  }

  /** A full batch at once; a partial one only when its oldest record is old enough. */
  async nextBatch(): Promise<SpooledRecord[] | null> {
    const batch = await this.spool.oldestUnsent(this.limits.maxBatchRecords, this.limits.maxBatchBytes);
    const oldest = batch[0];
    if (oldest === undefined) return null;
    const full = batch.length >= this.limits.maxBatchRecords;
    const old = this.ports.clock() - oldest.appendedAtEpochMs >= this.limits.maxBatchAgeMs;
    return full || old ? batch : null;
  }
}
