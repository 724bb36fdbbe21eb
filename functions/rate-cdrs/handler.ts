/**
 * The `rate-cdrs` function: an SQS batch consumer, one CDR batch per message (see
 * `core/cdr/batch.ts`). A message that fails (DynamoDB throttled, a ledger conflict that kept
 * losing) is reported alone (partial batch response) and redelivered; after `maxReceiveCount`
 * it goes to the dead-letter queue. A message that can never be read is not a failure: it is
 * kept as an unrated `malformed` item and deleted.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { RaterDeps } from './deps';
import { rateMessage } from './rate-batch';
import { ConfigResolver } from './resolver';
import { raterDepsFromEnv } from './wiring';

export type CdrBatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** The handler over given deps; one resolver (config cache) per function instance. */
export function createRateCdrsHandler(
  deps: RaterDeps,
  log: (message: string, fields: Record<string, unknown>) => void = logJson,
): CdrBatchHandler {
  const resolver = new ConfigResolver(deps);
  return async (event) => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        const report = await rateMessage(deps, resolver, record.body);
        log('cdr batch rated', { messageId: record.messageId, ...report });
      } catch (error) {
        log('cdr batch failed', { messageId: record.messageId, error: String(error) });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

function logJson(message: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ message, ...fields }));
}

let instance: CdrBatchHandler | undefined;

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  instance ??= createRateCdrsHandler(raterDepsFromEnv(process.env));
  return instance(event);
}
