/**
 * The `import-deck` function: an SQS batch consumer, one deck import per message body
 * (`{"importId"}`). A failure is reported per message (partial batch response), so SQS
 * redelivers only that one; after `maxReceiveCount` it goes to the dead-letter queue.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDocumentClient, createDynamoClient } from '../shared/dynamo/client';
import { ImportStore } from '../shared/dynamo/import-store';
import { S3ObjectStore } from '../shared/objects/s3-object-store';
import { systemClock } from '../shared/system';
import { runDeckImport, type ImportDeps } from './run-import';

let deps: ImportDeps | undefined;

function depsFromEnv(env: NodeJS.ProcessEnv): ImportDeps {
  const table = env.TOLLGATE_CONFIG_TABLE;
  const bucket = env.TOLLGATE_OBJECTS_BUCKET;
  if (!table || !bucket)
    throw new Error('import-deck: TOLLGATE_CONFIG_TABLE and TOLLGATE_OBJECTS_BUCKET must be set');
  const documents = createDocumentClient(createDynamoClient({}));
  return {
    imports: new ImportStore(documents, table),
    objects: new S3ObjectStore(new S3Client({}), bucket),
    clock: systemClock,
  };
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  deps ??= depsFromEnv(process.env);
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const { importId } = JSON.parse(record.body) as { importId: string };
      await runDeckImport(deps, importId);
    } catch (error) {
      console.error(
        JSON.stringify({
          message: 'deck import failed',
          messageId: record.messageId,
          error: String(error),
        }),
      );
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
