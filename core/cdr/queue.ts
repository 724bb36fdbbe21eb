/**
 * The CDR queue port: `POST /edge/cdrs` and `POST /cdrs/import` send each batch as messages
 * and answer only after `send` resolved (the messages are durably queued); the `rate-cdrs`
 * function consumes them. SQS in the cloud, the local queue under `npm start`. The queue also
 * shows what waits in its dead-letter queue (messages that failed `maxReceiveCount` times) and
 * moves them back to be rated again (a redrive, once whatever failed them is fixed).
 */
export interface CdrQueue {
  send(bodies: readonly string[]): Promise<void>;
  /** Up to `limit` dead-lettered messages, left in place (a look, not a receive-and-delete). */
  peekDeadLetters(limit: number): Promise<readonly DeadLetter[]>;
  /** Moves every dead-lettered message back to the queue (SQS: an asynchronous move task). */
  redriveDeadLetters(): Promise<Redrive>;
}

/** How many messages moved (local queue), or the handle of SQS's move task. */
export type Redrive =
  | { readonly kind: 'moved'; readonly moved: number }
  | { readonly kind: 'task'; readonly taskHandle: string };

export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  readonly sentAtEpochMs: number;
}
