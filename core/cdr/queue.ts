/**
 * The CDR queue port: `POST /edge/cdrs` and `POST /cdrs/import` send each batch as messages
 * and answer only after `send` resolved (the messages are durably queued); the `rate-cdrs`
 * function consumes them. SQS in the cloud, the local queue under `npm start`. The queue also
 * shows what waits in its dead-letter queue (messages that failed `maxReceiveCount` times).
 */
export interface CdrQueue {
  send(bodies: readonly string[]): Promise<void>;
  /** Up to `limit` dead-lettered messages, left in place (a look, not a receive-and-delete). */
  peekDeadLetters(limit: number): Promise<readonly DeadLetter[]>;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  readonly sentAtEpochMs: number;
}
