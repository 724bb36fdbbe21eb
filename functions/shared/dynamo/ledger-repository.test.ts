// Proves the DynamoDB ledger adapter reads cancellations right (aws-sdk-client-mock): conflicts, missing accounts, short funds, and a replay hidden behind a balance failure.
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { planWrite } from '../../../core/ledger/plan';
import { micros } from '../../../core/money/micros';
import { DynamoLedgerRepository } from './ledger-repository';
import { postingItem } from './ledger-items';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(documents);
const repository = new DynamoLedgerRepository(documents, 'ledger');
const posting = {
  accountId: 'a',
  amountMicros: micros(-5),
  kind: 'charge' as const,
  idempotencyKey: 'k1',
  reference: '',
  actor: 'user:x',
};
const write = planWrite([posting], { floor: 'must_not_overdraw', createdAtEpochMs: 1000 });

function cancelled(reasons: { Code: string; Item?: Record<string, unknown> }[]) {
  return new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: reasons as never,
  });
}

beforeEach(() => mock.reset());

describe('DynamoLedgerRepository.apply', () => {
  it('reports a lost race as a conflict', async () => {
    mock
      .on(TransactWriteCommand)
      .rejects(cancelled([{ Code: 'TransactionConflict' }, { Code: 'None' }]));
    expect(await repository.apply(write)).toEqual({ status: 'conflict' });
  });

  it('tells a missing account from short funds by the old item', async () => {
    mock.on(BatchGetCommand).resolves({ Responses: { ledger: [] } });
    mock
      .on(TransactWriteCommand)
      .rejects(cancelled([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }]));
    expect(await repository.apply(write)).toMatchObject({ missingAccounts: ['a'] });
    const oldBalance = { Code: 'ConditionalCheckFailed', Item: { pk: { S: 'ACCOUNT#a' } } };
    mock.on(TransactWriteCommand).rejects(cancelled([oldBalance, { Code: 'None' }]));
    expect(await repository.apply(write)).toMatchObject({
      insufficientAccounts: ['a'],
      existing: [],
    });
  });

  it('finds a stored posting when only the balance condition was reported', async () => {
    const stored = { ...posting, createdAtEpochMs: 500 };
    mock
      .on(TransactWriteCommand)
      .rejects(
        cancelled([
          { Code: 'ConditionalCheckFailed', Item: { pk: { S: 'ACCOUNT#a' } } },
          { Code: 'None' },
        ]),
      );
    mock.on(BatchGetCommand).resolves({ Responses: { ledger: [postingItem(stored)] } });
    const outcome = await repository.apply(write);
    expect(outcome).toMatchObject({ status: 'cancelled', existing: [stored] });
    const get = mock.commandCalls(BatchGetCommand)[0]!.args[0].input;
    expect(get.RequestItems?.ledger?.ConsistentRead).toBe(true);
  });

  it('issues conditional writes that return the old item on failure', async () => {
    mock.on(TransactWriteCommand).resolves({});
    expect(await repository.apply(write)).toEqual({ status: 'written', writeUnits: 5 });
    const [update, put] = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(update?.Update?.ConditionExpression).toContain('availableMicros >= :required');
    expect(update?.Update?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(put?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put?.Put?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });
});
