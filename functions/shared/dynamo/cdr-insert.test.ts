// Proves the batched conditional insert retries only what DynamoDB says is worth retrying (aws-sdk-client-mock), and fails loudly on any other per-statement error or a short answer.
import { DynamoDBClient, type BatchStatementErrorCodeEnum } from '@aws-sdk/client-dynamodb';
import { BatchExecuteStatementCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { insertOnce } from './cdr-insert';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(documents);
const items = ['a', 'b', 'c'].map((id) => ({ item: { pk: id, sk: 'CDR' }, sizeBytes: 10 }));
const ok = { TableName: 'cdrs' };
const failed = (Code: BatchStatementErrorCodeEnum) => ({ TableName: 'cdrs', Error: { Code, Message: Code } });

beforeEach(() => mock.reset());

describe('insertOnce', () => {
  it('retries a throttled statement alone and keeps the others’ answers', async () => {
    mock
      .on(BatchExecuteStatementCommand)
      .resolvesOnce({ Responses: [ok, failed('ThrottlingError'), failed('DuplicateItem')] })
      .resolvesOnce({ Responses: [ok] });
    expect(await insertOnce(documents, 'cdrs', items)).toEqual(['written', 'written', 'duplicate']);
    const calls = mock.commandCalls(BatchExecuteStatementCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Statements?.[0]?.Parameters).toEqual(['b', 'CDR']);
    expect(calls[1]?.args[0].input.Statements?.[0]?.Statement).toBe(
      `INSERT INTO "cdrs" VALUE {'pk': ?, 'sk': ?}`,
    );
  });

  it('gives up after five throttled attempts', async () => {
    mock.on(BatchExecuteStatementCommand).resolves({ Responses: [failed('ThrottlingError')] });
    const one = items.slice(0, 1);
    await expect(insertOnce(documents, 'cdrs', one)).rejects.toThrow(/ThrottlingError/);
    expect(mock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(5);
  });

  it('throws on a validation error and on an answer missing statements', async () => {
    const invalid = { Responses: [ok, failed('ValidationError'), ok] };
    mock.on(BatchExecuteStatementCommand).resolves(invalid);
    await expect(insertOnce(documents, 'cdrs', items)).rejects.toThrow(/ValidationError/);
    mock.reset();
    mock.on(BatchExecuteStatementCommand).resolves({ Responses: [ok] });
    await expect(insertOnce(documents, 'cdrs', items)).rejects.toThrow(/1 answers to 3 inserts/);
  });

  it('refuses an attribute name it cannot quote', async () => {
    const bad = [{ item: { pk: 'a', "o'clock": 1 }, sizeBytes: 10 }];
    await expect(insertOnce(documents, 'cdrs', bad)).rejects.toThrow(/has a quote/);
  });
});
