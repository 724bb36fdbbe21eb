/**
 * The CDR archive: one private bucket for the raw batch files (`raw/<yyyy>/<mm>/<dd>/`, written
 * by the API, `functions/rate-cdrs/raw-batch.ts`) and the rated CDRs as gzipped JSON lines
 * (`archive/rated/<yyyy>/<MM>/<dd>/`, one file per queue message, written by the rater,
 * `functions/rate-cdrs/archive.ts`), and a Glue database + table over the rated files so Athena
 * queries them — partitioned by the call's UTC day through partition projection (no crawler,
 * no `MSCK REPAIR`: a new day is queryable the moment its first file lands).
 *
 * Lifecycle: raw files are read only when someone looks at an unrated CDR, so they go to
 * Infrequent Access after 30 days and Glacier Flexible Retrieval after 90; rated files stay
 * queryable by Athena (which cannot read Glacier Flexible Retrieval), so they go to Infrequent
 * Access after 30 days and Glacier Instant Retrieval after 180. Billing records never expire
 * (an operator with a retention rule adds it here); Athena's query results (`athena-results/`)
 * are copies and expire after 30 days.
 *
 * Athena: the `tollgate-cdrs` workgroup writes its results encrypted under `athena-results/`,
 * enforces that for every query and stops a query past 100 GB scanned (a mistyped query over
 * years of calls costs cents, not dollars); one saved query shows the table's use (margin by
 * account for a day).
 */
import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { CfnNamedQuery, CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  StorageClass,
  type LifecycleRule,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export const RAW_PREFIX = 'raw/';
export const RATED_PREFIX = 'archive/rated/';
export const ATHENA_RESULTS_PREFIX = 'athena-results/';
export const ATHENA_WORKGROUP = 'tollgate-cdrs';
/** Athena stops a query that would scan more (100 GB: about $0.50 at list price). */
const BYTES_SCANNED_CUTOFF = 100 * 1024 ** 3;
/** The first day the projection enumerates (queries name the days they want). */
const FIRST_DAY = '2024/01/01';

export class TollgateCdrArchive extends Construct {
  readonly bucket: Bucket;
  readonly database: CfnDatabase;
  readonly table: CfnTable;
  readonly workGroup: CfnWorkGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Raw documents and rated calls are billing records: never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        tiering('RawDocuments', RAW_PREFIX, StorageClass.GLACIER, 90),
        tiering('RatedCdrs', RATED_PREFIX, StorageClass.GLACIER_INSTANT_RETRIEVAL, 180),
        { id: 'AthenaResults', prefix: ATHENA_RESULTS_PREFIX, expiration: Duration.days(30) },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'Only the rater and the API write here, each object once (keyed by batch); ' +
        'reads are Athena queries, which Athena logs.',
    });
    const account = Stack.of(this).account;
    this.database = new CfnDatabase(this, 'Database', {
      catalogId: account,
      databaseInput: {
        name: 'tollgate_cdrs',
        description: 'Tollgate CDR archive (rated CDRs as JSON lines)',
      },
    });
    this.table = this.ratedTable(account);
    this.workGroup = this.athena();
  }

  private athena(): CfnWorkGroup {
    const workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: ATHENA_WORKGROUP,
      description: 'Queries over the Tollgate CDR archive (database tollgate_cdrs)',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF,
        resultConfiguration: {
          outputLocation: `s3://${this.bucket.bucketName}/${ATHENA_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    const query = new CfnNamedQuery(this, 'MarginByAccount', {
      name: 'Margin by account for one day',
      description: 'Calls, billed seconds, revenue, carrier cost and margin per account (micros)',
      database: 'tollgate_cdrs',
      workGroup: ATHENA_WORKGROUP,
      queryString: MARGIN_BY_ACCOUNT,
    });
    query.addDependency(workGroup);
    query.addDependency(this.table);
    return workGroup;
  }

  /** The API writes raw batch files and reads them back (the unrated list shows documents). */
  grantRawDocuments(fn: NodejsFunction): void {
    this.grantOn(fn, RAW_PREFIX, ['s3:PutObject', 's3:GetObject']);
  }

  /** The rater writes one rated file per message. */
  grantRatedWrites(fn: NodejsFunction): void {
    this.grantOn(fn, RATED_PREFIX, ['s3:PutObject']);
  }

  /** Exactly these actions on the objects under one prefix (the wildcard is the key's rest). */
  private grantOn(fn: NodejsFunction, prefix: string, actions: string[]): void {
    const resources = [this.bucket.arnForObjects(`${prefix}*`)];
    fn.addToRolePolicy(new PolicyStatement({ actions, resources }));
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
    Validations.of(fn).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
      reason: `${actions.join(' and ')} on the objects under ${prefix} of the CDR archive only.`,
    });
  }

  private ratedTable(account: string): CfnTable {
    const location = `s3://${this.bucket.bucketName}/${RATED_PREFIX}`;
    const table = new CfnTable(this, 'RatedTable', {
      catalogId: account,
      databaseName: 'tollgate_cdrs',
      tableInput: {
        name: 'rated_cdrs',
        description: 'Rated CDRs as JSON lines, partitioned by the UTC day the call started',
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: 'day', type: 'string' }],
        parameters: {
          classification: 'json',
          'projection.enabled': 'true',
          'projection.day.type': 'date',
          'projection.day.format': 'yyyy/MM/dd',
          'projection.day.range': `${FIRST_DAY},NOW`,
          'projection.day.interval': '1',
          'projection.day.interval.unit': 'DAYS',
          'storage.location.template': `${location}\${day}/`,
        },
        storageDescriptor: {
          location,
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
          columns: RATED_COLUMNS.map(([name, type]) => ({ name, type })),
        },
      },
    });
    table.addDependency(this.database);
    return table;
  }
}

function tiering(
  id: string,
  prefix: string,
  cold: StorageClass,
  coldAfterDays: number,
): LifecycleRule {
  return {
    id,
    prefix,
    transitions: [
      { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
      { storageClass: cold, transitionAfter: Duration.days(coldAfterDays) },
    ],
  };
}

/** The saved example: the day is a partition, so only that day's files are read. */
const MARGIN_BY_ACCOUNT = [
  'SELECT accountid, count(*) AS calls, sum(billsec) AS billsec,',
  '  sum(revenuemicros) AS revenue_micros, sum(carriercostmicros) AS carrier_cost_micros,',
  '  sum(marginmicros) AS margin_micros',
  'FROM rated_cdrs',
  "WHERE day = '2026/01/31'",
  'GROUP BY accountid',
  'ORDER BY margin_micros DESC',
].join('\n');

const CHARGE = 'struct<accountid:string,currency:string,chargemicros:bigint>';
const BASIS =
  'struct<kind:string,version:string,prefix:string,window:string,recorded:boolean,perminutemicros:bigint>';
const CARRIER =
  'struct<trunk:string,version:string,prefix:string,window:string,currency:string,costmicros:bigint>';

/** The rated CDR's fields (`core/cdr/rated-cdr.ts`) as Hive types; JSON keys match case-blind. */
const RATED_COLUMNS: readonly (readonly [string, string])[] = [
  ['uuid', 'string'],
  ['calluuid', 'string'],
  ['leg', 'string'],
  ['accountid', 'string'],
  ['caller', 'string'],
  ['callee', 'string'],
  ['startedatepochms', 'bigint'],
  ['answeredatepochms', 'bigint'],
  ['endedatepochms', 'bigint'],
  ['billsec', 'int'],
  ['billmsec', 'bigint'],
  ['hangupcause', 'string'],
  ['chargedseconds', 'int'],
  ['billableseconds', 'int'],
  ['basis', BASIS],
  ['charges', `array<${CHARGE}>`],
  ['revenuemicros', 'bigint'],
  ['carrier', CARRIER],
  ['carriercostmicros', 'bigint'],
  ['marginmicros', 'bigint'],
  ['carriercostunknown', 'string'],
  ['lease', 'string'],
  ['batchid', 'string'],
  ['ratedatepochms', 'bigint'],
  ['rawfile', 'string'],
  ['rawline', 'int'],
];
