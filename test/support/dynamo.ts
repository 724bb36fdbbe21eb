/**
 * Per-test-file tables on the run's DynamoDB Local: a unique prefix, the same definitions as
 * the CDK stack, and the clients to reach them.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient, createDynamoClient } from '../../functions/shared/dynamo/client';
import { createTables } from '../../functions/shared/dynamo/create-tables';
import { localTableNames, type TableNames } from '../../functions/shared/tables';

export interface TestDynamo {
  readonly endpoint: string;
  readonly names: TableNames;
  readonly client: ReturnType<typeof createDynamoClient>;
  readonly documents: ReturnType<typeof createDocumentClient>;
}

export async function freshTables(): Promise<TestDynamo> {
  const endpoint = inject('dynamoEndpoint');
  const client = createDynamoClient({ endpoint });
  const names = localTableNames(`t${randomUUID().slice(0, 8)}-`);
  await createTables(client, names);
  return { endpoint, names, client, documents: createDocumentClient(client) };
}
