/**
 * Vitest global setup: one DynamoDB Local for the whole test run (test files create their own
 * tables under a unique prefix). Tests read the endpoint with `inject('dynamoEndpoint')`.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
