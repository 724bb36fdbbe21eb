/**
 * An in-process queue with the SQS semantics our functions rely on, so `npm start` drives the
 * same SQS batch handlers the cloud does:
 * - receive returns at most 10 messages and hides them for the visibility timeout;
 * - a message not deleted in time becomes visible again (redelivery), its receive count grows;
 * - once a message has been received `maxReceiveCount` times, the next receive moves it to the
 *   dead-letter queue instead (SQS's redrive policy);
 * - delivery is at least once and order is best effort, as with a standard queue.
 */
import { randomUUID } from 'node:crypto';

/** SQS's own limit for one ReceiveMessage / SendMessageBatch call. */
export const SQS_MAX_BATCH = 10;

export interface QueueMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** 1 on first delivery (SQS's ApproximateReceiveCount). */
  readonly receiveCount: number;
  readonly sentAtEpochMs: number;
}

interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAtEpochMs: number;
  receiveCount: number;
  visibleAtEpochMs: number;
  receiptHandle: string | null;
}

export interface LocalQueueOptions {
  readonly name: string;
  readonly visibilityTimeoutMs: number;
  /** Redrive: after this many receives the message goes to `deadLetter` (if set). */
  readonly maxReceiveCount?: number;
  readonly deadLetter?: LocalQueue;
  readonly clock: () => number;
}

export class LocalQueue {
  private readonly messages = new Map<string, StoredMessage>();

  constructor(readonly options: LocalQueueOptions) {}

  send(body: string): string {
    const messageId = randomUUID();
    const now = this.options.clock();
    this.messages.set(messageId, { messageId, body, sentAtEpochMs: now, receiveCount: 0, visibleAtEpochMs: now, receiptHandle: null });
    return messageId;
  }

  sendBatch(bodies: readonly string[]): string[] {
    if (bodies.length > SQS_MAX_BATCH) throw new RangeError(`sendBatch: at most ${SQS_MAX_BATCH} messages`);
    return bodies.map((body) => this.send(body));
  }

  /** Up to `max` (≤ 10) visible messages, hidden for the visibility timeout from now. */
  receive(max: number = SQS_MAX_BATCH): QueueMessage[] {
    const now = this.options.clock();
    const out: QueueMessage[] = [];
    for (const message of this.messages.values()) {
      if (out.length >= Math.min(max, SQS_MAX_BATCH)) break;
      if (message.visibleAtEpochMs > now) continue;
      if (this.redrive(message)) continue;
      message.receiveCount += 1;
      message.visibleAtEpochMs = now + this.options.visibilityTimeoutMs;
      message.receiptHandle = randomUUID();
      out.push({ messageId: message.messageId, receiptHandle: message.receiptHandle, body: message.body, receiveCount: message.receiveCount, sentAtEpochMs: message.sentAtEpochMs });
    }
    return out;
  }

  /** Deletes a received message; a stale receipt handle (after redelivery) is ignored, as in SQS. */
  delete(messageId: string, receiptHandle: string): boolean {
    const message = this.messages.get(messageId);
    if (message === undefined || message.receiptHandle !== receiptHandle) return false;
    return this.messages.delete(messageId);
  }

  /** Makes a received message visible again after `delayMs` (0 = now). */
  changeVisibility(messageId: string, receiptHandle: string, delayMs: number): void {
    const message = this.messages.get(messageId);
    if (message === undefined || message.receiptHandle !== receiptHandle) return;
    message.visibleAtEpochMs = this.options.clock() + delayMs;
  }

  /** Messages in the queue, visible or in flight (ApproximateNumberOfMessages + NotVisible). */
  get depth(): number {
    return this.messages.size;
  }

  /** A copy of every message body, for an API that shows a dead-letter queue. */
  peekAll(): { messageId: string; body: string; receiveCount: number; sentAtEpochMs: number }[] {
    return [...this.messages.values()].map(({ messageId, body, receiveCount, sentAtEpochMs }) => ({ messageId, body, receiveCount, sentAtEpochMs }));
  }

  /**
   * Moves every message to `target` as new messages (SQS's StartMessageMoveTask: a moved
   * message gets a new id and its receive count starts again), oldest first; answers how many.
   */
  moveAllTo(target: LocalQueue): number {
    const moved = [...this.messages.values()].sort((a, b) => a.sentAtEpochMs - b.sentAtEpochMs);
    for (const message of moved) {
      this.messages.delete(message.messageId);
      target.send(message.body);
    }
    return moved.length;
  }

  private redrive(message: StoredMessage): boolean {
    const { maxReceiveCount, deadLetter } = this.options;
    if (maxReceiveCount === undefined || deadLetter === undefined || message.receiveCount < maxReceiveCount) return false;
    this.messages.delete(message.messageId);
    deadLetter.send(message.body);
    return true;
  }
}
