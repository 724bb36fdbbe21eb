/**
 * Moves the configuration epoch's last change into the past, as if the indexes had had their
 * settling time since (`core/snapshot/unchanged.ts`): the steady state a test or bench measures
 * without waiting INDEX_SETTLE_MS.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { INDEX_SETTLE_MS } from '../../core/snapshot/unchanged';
import { CONFIG_EPOCH_KEY } from '../../functions/shared/dynamo/config-epoch';

export async function letIndexesSettle(documents: DynamoDBDocumentClient, configTable: string): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: configTable,
      Key: CONFIG_EPOCH_KEY,
      UpdateExpression: 'SET changedAtEpochMs = :past',
      ExpressionAttributeValues: { ':past': Date.now() - INDEX_SETTLE_MS - 1_000 },
    }),
  );
}
