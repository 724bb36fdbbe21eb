/**
 * The `cdrs` queue on SQS. Messages are up to 240 KiB each (`cdr-message-codec.ts`), so they are sent
 * one per call (SendMessageBatch caps the whole call at 256 KB), in parallel; a rejected send
 * fails the request, and the edge keeps and re-sends the batch (CDR ids make that harmless).
 */
import {
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { CdrQueue, DeadLetter, Redrive } from '../../../core/cdr/queue';

export class SqsCdrQueue implements CdrQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly deadLetterUrl: string | undefined,
    /** The ARNs a move task names (StartMessageMoveTask takes ARNs, not URLs). */
    private readonly arns?: { readonly deadLetters: string; readonly queue: string },
  ) {}

  async send(bodies: readonly string[]): Promise<void> {
    await Promise.all(
      bodies.map((body) =>
        this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body })),
      ),
    );
  }

  /** A receive with visibility 0: the messages stay visible for the next look (or a redrive). */
  async peekDeadLetters(limit: number): Promise<readonly DeadLetter[]> {
    if (this.deadLetterUrl === undefined) return [];
    const result = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.deadLetterUrl,
        MaxNumberOfMessages: Math.min(10, limit),
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    return (result.Messages ?? []).map((message) => ({
      messageId: message.MessageId ?? '',
      body: message.Body ?? '',
      sentAtEpochMs: Number(message.Attributes?.SentTimestamp ?? 0),
    }));
  }

  /**
   * SQS's own redrive: a move task from the DLQ to the queue (at most one runs per DLQ; SQS
   * refuses a second while one runs). It moves asynchronously; the handle names it.
   */
  async redriveDeadLetters(): Promise<Redrive> {
    if (this.arns === undefined) throw new Error('cdrs: the queue ARNs are not configured');
    const result = await this.client.send(
      new StartMessageMoveTaskCommand({
        SourceArn: this.arns.deadLetters,
        DestinationArn: this.arns.queue,
      }),
    );
    return { kind: 'task', taskHandle: result.TaskHandle ?? '' };
  }
}
