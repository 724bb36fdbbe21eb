/**
 * The CDR pipeline in AWS: the `cdrs` queue (fed by `POST /edge/cdrs` and `POST /cdrs/import`)
 * with its dead-letter queue and an alarm on it, and the `rate-cdrs` function that consumes it
 * (up to 10 messages per invocation, partial batch failures). The API gets the queue URL, the
 * right to send, and the `cdrs` table (unrated list, re-rating) through `connectApi`.
 */
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TollgateCdrArchive } from './cdr-archive';
import { tollgateFunction } from './tollgate-function';
import { workQueue } from './work-queue';

export interface CdrPipelineProps {
  readonly ledgerTable: TableV2;
  readonly directoryTable: TableV2;
  readonly configTable: TableV2;
  readonly cdrsTable: TableV2;
  readonly objectsBucket: Bucket;
  readonly grantObjects: (fn: NodejsFunction) => void;
}

/** Ten messages of ≤ 500 CDRs: ~5,000 puts at 16 in flight, well within a minute. */
const RATE_TIMEOUT = Duration.minutes(1);
/** A message that fails five times (not a poison one: those are kept as unrated) is parked. */
export const CDR_MAX_RECEIVE_COUNT = 5;

export class TollgateCdrPipeline extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly function: NodejsFunction;
  readonly archive: TollgateCdrArchive;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: CdrPipelineProps,
  ) {
    super(scope, id);
    const { queue, deadLetters } = workQueue(this, {
      functionTimeout: RATE_TIMEOUT,
      maxReceiveCount: CDR_MAX_RECEIVE_COUNT,
      retentionPeriod: Duration.days(14),
      alarmDescription: 'A CDR batch failed five times and waits in the dead-letter queue',
    });
    this.queue = queue;
    this.deadLetters = deadLetters;
    this.archive = new TollgateCdrArchive(this, 'Archive');
    this.function = this.rateFunction();
    this.acknowledgeFindings();
  }

  /** The API sends batches to the queue and reads (re-rates) the `cdrs` table. */
  connectApi(api: NodejsFunction): void {
    api.addEnvironment('TOLLGATE_CDR_QUEUE_URL', this.queue.queueUrl);
    api.addEnvironment('TOLLGATE_CDRS_TABLE', this.props.cdrsTable.tableName);
    this.queue.grantSendMessages(api);
    // `GET /cdrs/dead-letters` looks at the DLQ (receive with visibility 0), never deletes.
    api.addEnvironment('TOLLGATE_CDR_DLQ_URL', this.deadLetters.queueUrl);
    this.deadLetters.grant(api, 'sqs:ReceiveMessage', 'sqs:GetQueueAttributes');
    // `POST /cdrs/dead-letters/redrive` starts SQS's move task: it names both queues by ARN,
    // receives and deletes on the DLQ and sends to the queue (the API may already send).
    api.addEnvironment('TOLLGATE_CDR_DLQ_ARN', this.deadLetters.queueArn);
    api.addEnvironment('TOLLGATE_CDR_QUEUE_ARN', this.queue.queueArn);
    this.deadLetters.grant(api, 'sqs:StartMessageMoveTask', 'sqs:DeleteMessage');
    // Raw documents: one batch file per request, read back by the unrated list.
    api.addEnvironment('TOLLGATE_ARCHIVE_BUCKET', this.archive.bucket.bucketName);
    this.archive.grantRawDocuments(api);
    this.props.cdrsTable.grantReadWriteData(api);
    acknowledgeIndexes(api, [this.props.cdrsTable]);
  }

  private rateFunction(): NodejsFunction {
    const { ledgerTable, directoryTable, configTable, cdrsTable } = this.props;
    const fn = tollgateFunction(this, {
      entry: 'functions/rate-cdrs/handler.ts',
      // Compiled decks are cached per instance (a few decks of 100k prefixes: tens of MB).
      memorySize: 1024,
      timeout: RATE_TIMEOUT,
      environment: {
        TOLLGATE_LEDGER_TABLE: ledgerTable.tableName,
        TOLLGATE_DIRECTORY_TABLE: directoryTable.tableName,
        TOLLGATE_CONFIG_TABLE: configTable.tableName,
        TOLLGATE_CDRS_TABLE: cdrsTable.tableName,
        TOLLGATE_OBJECTS_BUCKET: this.props.objectsBucket.bucketName,
        TOLLGATE_ARCHIVE_BUCKET: this.archive.bucket.bucketName,
      },
    });
    fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );
    ledgerTable.grantReadWriteData(fn);
    cdrsTable.grantReadWriteData(fn);
    // CDR items go in as PartiQL INSERTs (one conditional write each, 25 to a request), which
    // IAM authorizes as its own action, not as PutItem.
    cdrsTable.grant(fn, 'dynamodb:PartiQLInsert');
    directoryTable.grantReadData(fn);
    configTable.grantReadData(fn);
    this.props.grantObjects(fn);
    this.archive.grantRatedWrites(fn);
    return fn;
  }

  private acknowledgeFindings(): void {
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This is the dead-letter queue; it is watched by an alarm.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime we build and test for (esbuild target node22); moving is a decision.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs.',
    });
    const bucket = this.props.objectsBucket;
    const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
    Validations.of(this.function).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason: 'Get and put on the objects of this one bucket: decks and large raw documents.',
    });
    const { ledgerTable, directoryTable, configTable, cdrsTable } = this.props;
    acknowledgeIndexes(this.function, [ledgerTable, directoryTable, configTable, cdrsTable]);
  }
}

function acknowledgeIndexes(fn: NodejsFunction, tables: readonly TableV2[]): void {
  for (const table of tables) {
    const logicalId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
    Validations.of(fn).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
      reason: "The wildcard covers only this table's own secondary indexes.",
    });
  }
}
