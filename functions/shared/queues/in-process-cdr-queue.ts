/**
 * A CDR queue for tests and tools without a poller: each message is rated before `send`
 * resolves, through the same `rate-cdrs` handler (a failure rejects the send, as a failed
 * SendMessage would). `npm start` uses the local queue with SQS semantics instead.
 */
import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { CdrQueue, DeadLetter, Redrive } from '../../../core/cdr/queue';
import type { CdrBatchHandler } from '../../rate-cdrs/handler';

export class InProcessCdrQueue implements CdrQueue {
  constructor(private readonly handler: CdrBatchHandler) {}

  async send(bodies: readonly string[]): Promise<void> {
    const Records = bodies.map((body) => ({ messageId: randomUUID(), body }) as SQSRecord);
    const response = await this.handler({ Records });
    if (response.batchItemFailures.length > 0) {
      throw new Error(`cdrs: ${response.batchItemFailures.length} message(s) failed to rate`);
    }
  }

  /** Nothing is retried in-process, so nothing is ever dead-lettered. */
  async peekDeadLetters(): Promise<readonly DeadLetter[]> {
    return [];
  }

  async redriveDeadLetters(): Promise<Redrive> {
    return { kind: 'moved', moved: 0 };
  }
}
