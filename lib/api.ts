/**
 * The `api` function (functions/api/handler.ts) behind an API Gateway HTTP API. Every path goes
 * to the one function: routing, authentication and the role × subtree guard live in the code,
 * where they are tested, not in API Gateway configuration.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { tollgateFunction } from './tollgate-function';

export interface ApiProps {
  readonly ledgerTable: TableV2;
  readonly directoryTable: TableV2;
  /** Devices, IP ACLs, caller IDs, trunks, rate groups, currencies and the audit log. */
  readonly configTable: TableV2;
  /** Deck uploads (presigned URLs), compiled decks and reports; imports are queued here. */
  readonly objectsBucket: IBucket;
  /** Grants get/put on the bucket's objects (presigned URLs carry the signer's permissions). */
  readonly grantObjects: (fn: NodejsFunction) => void;
  readonly importQueue: IQueue;
}

/** Stage-wide limits: a runaway client gets 429s before it costs Lambda and DynamoDB money. */
const THROTTLE = { rateLimit: 200, burstLimit: 400 };

export class TollgateApi extends Construct {
  readonly function: NodejsFunction;
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.function = tollgateFunction(this, {
      entry: 'functions/api/handler.ts',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: {
        TOLLGATE_LEDGER_TABLE: props.ledgerTable.tableName,
        TOLLGATE_DIRECTORY_TABLE: props.directoryTable.tableName,
        TOLLGATE_CONFIG_TABLE: props.configTable.tableName,
        TOLLGATE_OBJECTS_BUCKET: props.objectsBucket.bucketName,
        TOLLGATE_IMPORT_QUEUE_URL: props.importQueue.queueUrl,
        POWERTOOLS_SERVICE_NAME: 'api',
      },
    });
    props.ledgerTable.grantReadWriteData(this.function);
    props.directoryTable.grantReadWriteData(this.function);
    props.configTable.grantReadWriteData(this.function);
    // Presigned URLs carry the API role's permissions: it must be able to put and get objects.
    props.grantObjects(this.function);
    props.importQueue.grantSendMessages(this.function);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      defaultIntegration: new HttpLambdaIntegration('Integration', this.function),
      createDefaultStage: false,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'AccessLogs', {
            retention: RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
        ),
      },
    });
  }
}
