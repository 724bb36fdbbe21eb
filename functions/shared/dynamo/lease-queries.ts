/**
 * Reading leases: an edge's open leases (the sparse `openLeases` index: active, closing,
 * abandoned), an account's leases (its partition, `LEASE#…`), and the account's late
 * settlements (finished leases that settled CDRs afterwards, and `LATE#…` items for lease ids
 * it never had). Every page is read: one account or one edge holds few leases at a time, and
 * the reports are operator reads.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HOLDING_STATES, type Lease } from '../../../core/leases';
import { accountPk } from './ledger-items';
import {
  edgeIndexKey,
  LATE_PREFIX,
  LEASE_PREFIX,
  leaseFromItem,
  OPEN_LEASES_INDEX,
  unknownLeaseFromItem,
  type UnknownLeaseSettlements,
} from './lease-items';

type QueryInput = ConstructorParameters<typeof QueryCommand>[0];

async function queryAll(documents: DynamoDBDocumentClient, input: QueryInput) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** Eventually consistent in AWS (an index): a lease granted a moment ago may show a moment later. */
export async function openLeasesOfEdge(
  documents: DynamoDBDocumentClient,
  tableName: string,
  edgeId: string,
): Promise<Lease[]> {
  const items = await queryAll(documents, {
    TableName: tableName,
    IndexName: OPEN_LEASES_INDEX,
    KeyConditionExpression: 'openEdge = :edge',
    ExpressionAttributeValues: { ':edge': edgeIndexKey(edgeId) },
  });
  return items.map(leaseFromItem);
}

export async function leasesOfAccount(
  documents: DynamoDBDocumentClient,
  tableName: string,
  accountId: string,
  which: 'holding' | 'late',
): Promise<Lease[]> {
  const holding = which === 'holding';
  const states = HOLDING_STATES.map((_state, i) => `:s${i}`);
  const items = await queryAll(documents, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: holding ? `#state IN (${states.join(', ')})` : 'lateSettlements > :zero',
    ...(holding ? { ExpressionAttributeNames: { '#state': 'state' } } : {}),
    ExpressionAttributeValues: {
      ':pk': accountPk(accountId),
      ':prefix': LEASE_PREFIX,
      ...(holding
        ? Object.fromEntries(HOLDING_STATES.map((state, i) => [`:s${i}`, state]))
        : { ':zero': 0 }),
    },
    ConsistentRead: true,
  });
  return items.map(leaseFromItem);
}

export async function unknownLeasesOfAccount(
  documents: DynamoDBDocumentClient,
  tableName: string,
  accountId: string,
): Promise<UnknownLeaseSettlements[]> {
  const items = await queryAll(documents, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': LATE_PREFIX },
    ConsistentRead: true,
  });
  return items.map(unknownLeaseFromItem);
}
