// Proves the CDK app synthesizes offline (esbuild, no Docker) into the tables of the shared definitions, an arm64 Node.js 22 api function and an HTTP API, with no unacknowledged cdk-nag (AwsSolutions) finding.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_TABLE, DIRECTORY_TABLE, CONFIG_TABLE } from '../../functions/shared/tables';
import { createTollgateApp } from '../../lib/app';

let template: Template;
let report: {
  pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string }[] }[];
};
const outdir = mkdtempSync(join(tmpdir(), 'tollgate-cdk-'));

beforeAll(() => {
  const { app, stack } = createTollgateApp({ outdir });
  app.synth();
  template = Template.fromStack(stack);
  report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** A bucket's public access block with every setting on. */
const BLOCK_ALL = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

/** The ARN of the resource whose logical id starts with `logicalId`. */
const arnOf = (logicalId: string) => ({
  'Fn::GetAtt': [Match.stringLikeRegexp(logicalId), 'Arn'],
});

describe('CDK app', () => {
  it('passes the AwsSolutions checks (every accepted finding has a reason in lib/nag-suppressions.ts)', () => {
    const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(nag?.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(nag?.conclusion).toBe('success');
  });

  it('builds the ledger table from the shared definition', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: LEDGER_TABLE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: LEDGER_TABLE.sortKey.name, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byTime',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'postedAt', KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: 'openLeases',
          KeySchema: [
            { AttributeName: 'openEdge', KeyType: 'HASH' },
            { AttributeName: 'leaseId', KeyType: 'RANGE' },
          ],
        }),
      ],
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpochSeconds', Enabled: true },
    });
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 4);
    for (const table of Object.values(template.findResources('AWS::DynamoDB::GlobalTable'))) {
      expect(table.DeletionPolicy).toBe('Retain');
    }
  });

  it('builds the config table and the byPath index of directory and config from the shared definitions', () => {
    for (const definition of [DIRECTORY_TABLE, CONFIG_TABLE]) {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [
          { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'byPath',
            KeySchema: [
              { AttributeName: 'gpk', KeyType: 'HASH' },
              { AttributeName: 'gsk', KeyType: 'RANGE' },
            ],
          }),
        ],
      });
    }
  });

  it('runs the api function on Node.js 22, arm64, with its tables in the environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: {
        Variables: Match.objectLike({
          TOLLGATE_LEDGER_TABLE: { Ref: Match.stringLikeRegexp('Tablesledger') },
          TOLLGATE_DIRECTORY_TABLE: { Ref: Match.stringLikeRegexp('Tablesdirectory') },
          TOLLGATE_CONFIG_TABLE: { Ref: Match.stringLikeRegexp('Tablesconfig') },
        }),
      },
    });
  });

  it('puts every path of an HTTP API in front of the function, throttled and access-logged', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('runs deck imports from an SQS queue with a dead-letter queue, an alarm and a private bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: BLOCK_ALL,
      BucketEncryption: Match.anyValue(),
      // Snapshot bases for the edges' since-version deltas expire; decks never do.
      LifecycleConfiguration: {
        Rules: [{ Prefix: 'snapshots/', ExpirationInDays: 7, Status: 'Enabled' }],
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
      VisibilityTimeout: 1800,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 300,
      Environment: {
        Variables: Match.objectLike({
          TOLLGATE_CONFIG_TABLE: { Ref: Match.stringLikeRegexp('Tablesconfig') },
          TOLLGATE_OBJECTS_BUCKET: { Ref: Match.stringLikeRegexp('DeckImportsObjects') },
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          TOLLGATE_IMPORT_QUEUE_URL: { Ref: Match.stringLikeRegexp('DeckImportsQueue') },
          TOLLGATE_OBJECTS_BUCKET: { Ref: Match.stringLikeRegexp('DeckImportsObjects') },
        }),
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });

  it('rates CDRs from the cdrs queue (DLQ after 5 receives, alarm) with partial batch failures', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
      VisibilityTimeout: 360,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 60,
      Environment: {
        Variables: Match.objectLike({
          TOLLGATE_CDRS_TABLE: { Ref: Match.stringLikeRegexp('Tablescdrs') },
          TOLLGATE_LEDGER_TABLE: { Ref: Match.stringLikeRegexp('Tablesledger') },
        }),
      },
    });
    // The API sends to the queue (answering 2xx only once queued) and reads the unrated store.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          TOLLGATE_CDR_QUEUE_URL: { Ref: Match.stringLikeRegexp('CdrPipelineQueue') },
          TOLLGATE_CDR_DLQ_URL: { Ref: Match.stringLikeRegexp('CdrPipelineDeadLetters') },
          TOLLGATE_IMPORT_QUEUE_URL: Match.anyValue(),
        }),
      },
    });
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(alarms).some((id) => id.startsWith('CdrPipelineDeadLettersAlarm'))).toBe(true);
  });

  it('lets the rater insert CDR items with PartiQL on the cdrs table only', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const inserts = policies.flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
        .filter((statement) => [statement.Action].flat().includes('dynamodb:PartiQLInsert'))
        .map((statement) => ({ roles: policy.Properties.Roles, resource: statement.Resource })),
    );
    expect(inserts).toHaveLength(1);
    expect(JSON.stringify(inserts[0]?.roles)).toMatch(/CdrPipelineFunctionServiceRole/);
    expect(JSON.stringify(inserts[0]?.resource)).toMatch(/Tablescdrs/);
    expect(JSON.stringify(inserts[0]?.resource)).not.toMatch(/Tablesledger|Tablesdirectory/);
  });

  it('lets the API redrive the CDR dead-letter queue (SQS move task, by ARN)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          TOLLGATE_CDR_DLQ_ARN: arnOf('CdrPipelineDeadLetters'),
          TOLLGATE_CDR_QUEUE_ARN: arnOf('CdrPipelineQueue'),
        }),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:StartMessageMoveTask', 'sqs:DeleteMessage']),
            Resource: arnOf('CdrPipelineDeadLetters'),
          }),
        ]),
      },
    });
  });

  it('archives raw batch files and rated CDRs in a private, encrypted, tiered bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: BLOCK_ALL,
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Prefix: 'raw/',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER', TransitionInDays: 90 },
            ],
          }),
          Match.objectLike({
            Prefix: 'archive/rated/',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 180 },
            ],
          }),
          // Athena's query results are copies: they expire.
          Match.objectLike({ Prefix: 'athena-results/', ExpirationInDays: 30, Status: 'Enabled' }),
        ],
      },
    });
    // The rater may only put rated files; the API only put and get raw batch files.
    const archive = arnOf('CdrPipelineArchiveBucket');
    for (const [prefix, actions] of [
      ['/archive/rated/*', 's3:PutObject'],
      ['/raw/*', ['s3:PutObject', 's3:GetObject']],
    ] as const) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            { Action: actions, Effect: 'Allow', Resource: { 'Fn::Join': ['', [archive, prefix]] } },
          ]),
        },
      });
    }
  });

  it('catalogs the rated archive for Athena: JSON lines, partitioned by day with projection', () => {
    template.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: { Name: 'tollgate_cdrs' },
    });
    template.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'tollgate_cdrs',
      TableInput: Match.objectLike({
        Name: 'rated_cdrs',
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [{ Name: 'day', Type: 'string' }],
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'projection.day.type': 'date',
          'projection.day.format': 'yyyy/MM/dd',
          'projection.day.interval.unit': 'DAYS',
          'storage.location.template': Match.anyValue(),
        }),
        StorageDescriptor: Match.objectLike({
          SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
          Columns: Match.arrayWith([
            { Name: 'uuid', Type: 'string' },
            { Name: 'revenuemicros', Type: 'bigint' },
            { Name: 'carriercostmicros', Type: 'bigint' },
            { Name: 'marginmicros', Type: 'bigint' },
          ]),
        }),
      }),
    });
    // Athena: one workgroup whose results are encrypted under athena-results/, with
    // a scan cutoff, and a saved query that names a day (a partition) and reads the table.
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'tollgate-cdrs',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 100 * 1024 ** 3,
        ResultConfiguration: {
          OutputLocation: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['/athena-results/'])]) }),
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      }),
    });
    const queries = template.findResources('AWS::Athena::NamedQuery');
    expect(Object.values(queries)).toHaveLength(1);
    const query = Object.values(queries)[0]!.Properties as { Database: string; WorkGroup: string; QueryString: string };
    expect(query).toMatchObject({ Database: 'tollgate_cdrs', WorkGroup: 'tollgate-cdrs' });
    expect(query.QueryString).toMatch(/FROM rated_cdrs\nWHERE day = '\d{4}\/\d{2}\/\d{2}'/);
    for (const column of ['accountid', 'billsec', 'revenuemicros', 'carriercostmicros', 'marginmicros']) {
      expect(query.QueryString).toContain(column);
    }
    // The rater tells where the archive is.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          TOLLGATE_CDRS_TABLE: Match.anyValue(),
          TOLLGATE_ARCHIVE_BUCKET: { Ref: Match.stringLikeRegexp('CdrPipelineArchiveBucket') },
        }),
      },
    });
  });

  it('releases abandoned leases every five minutes with the release-leases function', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: {
        Environment: {
          Variables: Match.objectLike({
            TOLLGATE_LEDGER_TABLE: { Ref: Match.stringLikeRegexp('Tablesledger') },
            TOLLGATE_DIRECTORY_TABLE: Match.anyValue(),
            TOLLGATE_CONFIG_TABLE: Match.anyValue(),
          }),
        },
      },
    });
    const sweeper = Object.keys(functions).filter((id) => id.startsWith('LeasesFunction'));
    expect(sweeper).toHaveLength(1);
    expect(functions[sweeper[0]!]!.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 60,
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweeper[0], 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [sweeper[0], 'Arn'] },
    });
    // It writes the ledger (leases, balances) and only reads accounts and currencies.
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.Roles).includes('LeasesFunctionServiceRole'),
    );
    const statements = JSON.stringify(policies.map((p) => p.Properties.PolicyDocument.Statement));
    expect(statements).toContain('dynamodb:PutItem');
    expect(statements).toMatch(/Tablesledger/);
    expect(statements).toMatch(/Tablesdirectory/);
  });
});
