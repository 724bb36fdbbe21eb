/**
 * cdk-nag (AwsSolutions) findings we accept, each with its reason. Any other finding fails
 * `npx cdk synth` and `npm test` (test/infra/stack.test.ts).
 */
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { TollgateApi } from './api';

export function acknowledgeNagFindings(api: TollgateApi, tables: readonly TableV2[]): void {
  Validations.of(api.httpApi).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason:
      'Every route authenticates in the function (JWT or API key) through one guard tested route by ' +
      'route; public routes (login, health, openapi.json) must stay reachable without credentials.',
  });
  Validations.of(api.function).acknowledge({
    id: 'AwsSolutions::AwsSolutions-L1',
    reason:
      'Node.js 22 is the runtime we build and test for (esbuild target node22); moving is a decision.',
  });
  Validations.of(api.function).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs.',
  });
  for (const table of tables) {
    const logicalId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
    Validations.of(api.function).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
      reason: "The wildcard covers only this table's own secondary indexes (grantReadWriteData).",
    });
  }
}
