/**
 * cdk-nag (AwsSolutions) findings we accept, each with its reason. Any other finding fails
 * `npx cdk synth` and `npm test` (test/infra/stack.test.ts).
 */
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { TollgateApi } from './api';
import type { TollgateDeckImports } from './deck-imports';

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

/** Findings of the deck-import resources (`lib/deck-imports.ts`) we accept, with reasons. */
export function acknowledgeDeckImportFindings(
  imports: TollgateDeckImports,
  api: TollgateApi,
  tables: readonly TableV2[],
): void {
  Validations.of(imports.bucket).acknowledge({
    id: 'AwsSolutions::AwsSolutions-S1',
    reason:
      'Every upload and publish is recorded in the audit log (who, what, when); S3 access logs would duplicate it.',
  });
  Validations.of(imports.deadLetters).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason: 'This is the dead-letter queue; it is watched by an alarm.',
  });
  Validations.of(imports.function).acknowledge({
    id: 'AwsSolutions::AwsSolutions-L1',
    reason:
      'Node.js 22 is the runtime we build and test for (esbuild target node22); moving is a decision.',
  });
  Validations.of(imports.function).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs.',
  });
  const bucketId = Stack.of(imports.bucket).getLogicalId(
    imports.bucket.node.defaultChild as CfnElement,
  );
  for (const fn of [imports.function, api.function]) {
    Validations.of(fn).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason:
        'Get and put on the objects of this one bucket: upload keys are generated per import.',
    });
  }
  for (const table of tables) {
    const logicalId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
    Validations.of(imports.function).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
      reason: "The wildcard covers only this table's own secondary indexes (grantReadWriteData).",
    });
  }
}
