/**
 * CDK tables from the shared definitions in `functions/shared/tables.ts` (the same ones
 * DynamoDB Local gets from `local/`), so cloud and local keys, indexes and TTL cannot drift.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLES, type KeyAttribute, type TableDefinition } from '../functions/shared/tables';

export type Tables = Readonly<Record<TableDefinition['id'], TableV2>>;

export class TollgateTables extends Construct {
  readonly tables: Tables;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const entries = TABLES.map((definition) => [definition.id, this.table(definition)] as const);
    this.tables = Object.fromEntries(entries) as unknown as Tables;
  }

  private table(definition: TableDefinition): TableV2 {
    return new TableV2(this, definition.id, {
      partitionKey: attribute(definition.partitionKey),
      sortKey: attribute(definition.sortKey),
      // On demand: scales to zero and absorbs bursts of CDR batches without capacity planning.
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The ledger is money: deleting the stack must never delete it.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      globalSecondaryIndexes: definition.globalIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
      })),
      ...(definition.timeToLiveAttribute
        ? { timeToLiveAttribute: definition.timeToLiveAttribute }
        : {}),
    });
  }
}

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}
