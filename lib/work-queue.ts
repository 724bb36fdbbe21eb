/**
 * A queue that feeds a Lambda function, as every Tollgate worker has it: encrypted, TLS only,
 * a visibility timeout of six times the function's timeout (AWS's advice for Lambda sources),
 * a dead-letter queue kept 14 days after `maxReceiveCount` failures, and an alarm as soon as
 * anything waits there. Creates `DeadLetters`, `Queue` and `DeadLettersAlarm` in `scope`.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface WorkQueueProps {
  readonly functionTimeout: Duration;
  readonly maxReceiveCount: number;
  /** How long unprocessed messages stay; SQS's default (4 days) when absent. */
  readonly retentionPeriod?: Duration;
  readonly alarmDescription: string;
}

export function workQueue(scope: Construct, props: WorkQueueProps): { queue: Queue; deadLetters: Queue } {
  const deadLetters = new Queue(scope, 'DeadLetters', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const queue = new Queue(scope, 'Queue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: Duration.seconds(props.functionTimeout.toSeconds() * 6),
    ...(props.retentionPeriod === undefined ? {} : { retentionPeriod: props.retentionPeriod }),
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: props.maxReceiveCount },
  });
  new Alarm(scope, 'DeadLettersAlarm', {
    alarmDescription: props.alarmDescription,
    metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  return { queue, deadLetters };
}
