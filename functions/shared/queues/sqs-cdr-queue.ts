/**
 * The `cdrs` queue on SQS. Messages are up to 200 KB each (`core/cdr/batch.ts`), so they are sent
 * one per call (SendMessageBatch caps the whole call at 256 KB), in parallel; a rejected send
 * fails the request, and the edge keeps and re-sends the batch (CDR ids make that harmless).
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CdrQueue } from '../../../core/cdr/queue';

export class SqsCdrQueue implements CdrQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(bodies: readonly string[]): Promise<void> {
    await Promise.all(
      bodies.map((body) =>
        this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body })),
      ),
    );
  }
}
