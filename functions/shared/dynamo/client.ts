/**
 * One place that builds DynamoDB clients, with the options we rely on stated explicitly.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoConnection {
  /** Set only for DynamoDB Local; in AWS the SDK resolves the regional endpoint. */
  readonly endpoint?: string;
  readonly region?: string;
}

/** SDK retries for throttling and 5xx; transaction conflicts are retried by the ledger service. */
const SDK_MAX_ATTEMPTS = 3;

export function createDynamoClient(connection: DynamoConnection): DynamoDBClient {
  const local = connection.endpoint !== undefined;
  return new DynamoDBClient({
    region: connection.region ?? process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: SDK_MAX_ATTEMPTS,
    ...(local
      ? {
          endpoint: connection.endpoint,
          // DynamoDB Local accepts any credentials; fixed ones keep the SDK from searching.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}
