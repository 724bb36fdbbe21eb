/**
 * The API's JWT signing key: 256 random bits kept in the directory table (encrypted at rest),
 * created by whichever function instance needs it first. The conditional put makes concurrent
 * cold starts agree on one key: the loser reads the winner's.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const KEY = { pk: 'CONFIG', sk: 'JWT_SIGNING_KEY' };

export async function loadSigningKey(
  documents: DynamoDBDocumentClient,
  tableName: string,
): Promise<Uint8Array> {
  const existing = await read(documents, tableName);
  if (existing) return existing;
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...KEY, secret: randomBytes(32).toString('base64url') },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
  const created = await read(documents, tableName);
  if (!created) throw new Error('signing-key: written but not readable');
  return created;
}

async function read(
  documents: DynamoDBDocumentClient,
  tableName: string,
): Promise<Uint8Array | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName, Key: KEY, ConsistentRead: true }),
  );
  return typeof Item?.secret === 'string' ? Buffer.from(Item.secret, 'base64url') : undefined;
}
