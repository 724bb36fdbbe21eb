/**
 * Deck imports in AWS: the objects bucket (uploads by presigned URL, compiled decks, reports),
 * the `deck-imports` queue with its dead-letter queue and an alarm on it, and the `import-deck`
 * function that consumes the queue (one import per message, partial batch failures).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { tollgateFunction } from './tollgate-function';
import { workQueue } from './work-queue';

export interface DeckImportsProps {
  readonly configTable: TableV2;
}

/** One import may read a 1M-row deck (~60 s); five minutes leaves room, SQS waits six times that. */
const IMPORT_TIMEOUT = Duration.minutes(5);
/** A deck that crashes the importer three times is parked in the dead-letter queue. */
const MAX_RECEIVE_COUNT = 3;

export class TollgateDeckImports extends Construct {
  readonly bucket: Bucket;
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: DeckImportsProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Objects', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Published versions point at their CSV and binary: never delete them with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      // Edge snapshots answered in full are kept as bases for since-version deltas; an edge
      // that has not polled for a week gets the whole snapshot again.
      lifecycleRules: [{ prefix: 'snapshots/', expiration: Duration.days(7) }],
      // Browsers (the portal) upload with the presigned URL directly.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
          allowedOrigins: ['*'],
          allowedHeaders: ['content-type'],
        },
      ],
    });
    const { queue, deadLetters } = workQueue(this, {
      functionTimeout: IMPORT_TIMEOUT,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      alarmDescription: 'A deck import failed three times and waits in the dead-letter queue',
    });
    this.queue = queue;
    this.deadLetters = deadLetters;
    this.function = this.importFunction(props.configTable);
  }

  private importFunction(configTable: TableV2): NodejsFunction {
    const fn = tollgateFunction(this, {
      entry: 'functions/import-deck/handler.ts',
      // The validator keeps the distinct prefixes and the compiler's typed arrays in memory.
      memorySize: 1536,
      timeout: IMPORT_TIMEOUT,
      environment: {
        TOLLGATE_CONFIG_TABLE: configTable.tableName,
        TOLLGATE_OBJECTS_BUCKET: this.bucket.bucketName,
      },
    });
    fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }),
    );
    configTable.grantReadWriteData(fn);
    this.grantObjects(fn);
    return fn;
  }

  /** Get and put objects, nothing else (no listing, no deletes): all either function needs. */
  grantObjects(fn: NodejsFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
  }
}
