/**
 * The embedded cloud a benchmark runs against: its own DynamoDB Local (in memory), the tables
 * under `bench-` names, and the local object store — started for the run and stopped after it,
 * whatever the run does.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '../functions/shared/dynamo/client';
import { createTables } from '../functions/shared/dynamo/create-tables';
import { localTableNames, type TableNames } from '../functions/shared/tables';
import { startDynamoLocal } from '../local/dynamodb-local';
import { startLocalObjects, type LocalObjects } from '../local/objects';

export interface BenchCloud {
  readonly endpoint: string;
  readonly names: TableNames;
  readonly documents: DynamoDBDocumentClient;
  readonly objects: LocalObjects;
}

export async function withBenchCloud<T>(run: (cloud: BenchCloud) => Promise<T>): Promise<T> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoLocal();
  const objects = await startLocalObjects();
  try {
    const client = createDynamoClient({ endpoint: dynamo.endpoint });
    const names = localTableNames('bench-');
    await createTables(client, names);
    const documents = createDocumentClient(client);
    return await run({ endpoint: dynamo.endpoint, names, documents, objects });
  } finally {
    await objects.stop();
    await dynamo.stop();
  }
}
