/**
 * The CDR queue port: `POST /edge/cdrs` and `POST /cdrs/import` send each batch as messages
 * and answer only after `send` resolved (the messages are durably queued); the `rate-cdrs`
 * function consumes them. SQS in the cloud, the local queue under `npm start`.
 */
export interface CdrQueue {
  send(bodies: readonly string[]): Promise<void>;
}
