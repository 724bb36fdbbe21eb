/**
 * Drives an SQS batch handler from a local queue the way Lambda's event source mapping does:
 * receive up to `batchSize`, call the handler with an `SQSEvent`, delete the records it did not
 * report in `batchItemFailures`; a thrown handler fails the whole batch. Failed records stay
 * hidden until their visibility timeout ends, then are delivered again (or dead-lettered).
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalQueue, QueueMessage } from './local-queue';

export type SqsBatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface PollerOptions {
  readonly queue: LocalQueue;
  readonly handler: SqsBatchHandler;
  readonly batchSize: number;
  /** How long an idle poller waits before looking again. */
  readonly idleMs: number;
  readonly queueArn: string;
  readonly log: (event: string, fields: Record<string, unknown>) => void;
}

/** One receive → handle → delete round; returns how many messages it received. */
export async function pollOnce(options: PollerOptions): Promise<number> {
  const messages = options.queue.receive(options.batchSize);
  if (messages.length === 0) return 0;
  const event: SQSEvent = { Records: messages.map((message) => toRecord(message, options.queueArn)) };
  let failed: Set<string>;
  try {
    const response = await options.handler(event);
    failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
  } catch (error) {
    options.log('sqs_batch_failed', { queue: options.queueArn, records: messages.length, error: String(error) });
    failed = new Set(messages.map((message) => message.messageId));
  }
  for (const message of messages) {
    if (!failed.has(message.messageId)) options.queue.delete(message.messageId, message.receiptHandle);
  }
  return messages.length;
}

export function startPoller(options: PollerOptions): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      const received = await pollOnce(options);
      if (received === 0) await new Promise((resolve) => setTimeout(resolve, options.idleMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

function toRecord(message: QueueMessage, queueArn: string): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAtEpochMs),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(message.sentAtEpochMs),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'local',
  };
}
