/**
 * Credit leases in AWS (issue 10): the `release-leases` function, run every five minutes by an
 * EventBridge rule, releases abandoned leases that are due (drained, past expiry + the account's
 * max call length + the settle grace). It reads accounts (max call length) and the operator's
 * currencies, and writes the ledger (lease items, balance items, the sweeper's queue).
 */
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { tollgateFunction } from './tollgate-function';

export interface LeasesProps {
  readonly ledgerTable: TableV2;
  readonly directoryTable: TableV2;
  readonly configTable: TableV2;
}

/** How often abandoned leases are looked at; the settle grace itself is 15 minutes. */
export const RELEASE_SCHEDULE = Duration.minutes(5);
/** 500 leases per run, each a read and a transaction: well within a minute. */
const RELEASE_TIMEOUT = Duration.minutes(1);

export class TollgateLeases extends Construct {
  readonly releaseFunction: NodejsFunction;

  constructor(scope: Construct, id: string, props: LeasesProps) {
    super(scope, id);
    const { ledgerTable, directoryTable, configTable } = props;
    const fn = tollgateFunction(this, {
      entry: 'functions/release-leases/handler.ts',
      memorySize: 256,
      timeout: RELEASE_TIMEOUT,
      environment: {
        TOLLGATE_LEDGER_TABLE: ledgerTable.tableName,
        TOLLGATE_DIRECTORY_TABLE: directoryTable.tableName,
        TOLLGATE_CONFIG_TABLE: configTable.tableName,
      },
    });
    ledgerTable.grantReadWriteData(fn);
    directoryTable.grantReadData(fn);
    configTable.grantReadData(fn);
    new Rule(this, 'ReleaseSchedule', {
      description: 'Release abandoned credit leases that are due',
      schedule: Schedule.rate(RELEASE_SCHEDULE),
      targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
    });
    this.releaseFunction = fn;
    this.acknowledgeFindings(props);
  }

  private acknowledgeFindings(props: LeasesProps): void {
    const fn = this.releaseFunction;
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime we build and test for (esbuild target node22); moving is a decision.',
    });
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs.',
    });
    for (const table of [props.ledgerTable, props.directoryTable, props.configTable]) {
      const logicalId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
      Validations.of(fn).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
        reason: "The wildcard covers only this table's own secondary indexes.",
      });
    }
  }
}
