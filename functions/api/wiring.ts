/**
 * ApiDeps from table names and a DynamoDB connection — used by the deployed handler (names from
 * the environment CDK sets), by `npm start` and by the tests.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { CdrQueue } from '../../core/cdr/queue';
import type { ImportQueue } from '../../core/imports/queue';
import type { RaterDeps } from '../rate-cdrs/deps';
import { createRateCdrsHandler } from '../rate-cdrs/handler';
import { createRaterDeps } from '../rate-cdrs/wiring';
import { InProcessCdrQueue } from '../shared/queues/in-process-cdr-queue';
import { SqsCdrQueue } from '../shared/queues/sqs-cdr-queue';
import type { ObjectStore } from '../../core/objects/object-store';
import { runDeckImport } from '../import-deck/run-import';
import { createTokenService, type TokenService } from '../shared/auth/tokens';
import { AccountStore } from '../shared/dynamo/account-store';
import { AuditLog } from '../shared/dynamo/audit-log';
import {
  createDocumentClient,
  createDynamoClient,
  type DynamoConnection,
} from '../shared/dynamo/client';
import { ConfigStore } from '../shared/dynamo/config-store';
import { ConfigEpoch } from '../shared/dynamo/config-epoch';
import { SnapshotVersions } from '../shared/dynamo/snapshot-versions';
import { CurrencyStore } from '../shared/dynamo/currency-store';
import { DynamoDirectory } from '../shared/dynamo/directory';
import { ImportStore } from '../shared/dynamo/import-store';
import { createDynamoLedger } from '../shared/dynamo/ledger';
import { DynamoLoginThrottle } from '../shared/dynamo/login-throttle';
import { loadSigningKey } from '../shared/dynamo/signing-key';
import { DirectoryObjectStore } from '../shared/objects/directory-object-store';
import { S3ObjectStore } from '../shared/objects/s3-object-store';
import { InProcessImportQueue } from '../shared/queues/in-process-import-queue';
import { SqsImportQueue } from '../shared/queues/sqs-import-queue';
import { systemClock } from '../shared/system';
import type { TableNames } from '../shared/tables';
import type { ApiDeps } from './deps';

/** Where deck files go and how imports are run: S3 + SQS in AWS, a directory + in-process locally. */
export type ApiIo =
  | {
      readonly kind: 'aws';
      readonly bucket: string;
      readonly importQueueUrl: string;
      readonly cdrQueueUrl?: string;
      readonly cdrDeadLetterUrl?: string;
      readonly cdrDeadLetterArn?: string;
      readonly cdrQueueArn?: string;
      /** Raw CDR batch files and the rated archive (`lib/cdr-archive.ts`). */
      readonly archiveBucket?: string;
    }
  | {
      readonly kind: 'local';
      readonly directory: string;
      readonly baseUrl: string;
      readonly secret: string;
    };

export function createApiDeps(
  names: TableNames,
  connection: DynamoConnection,
  logger = new Logger({ serviceName: 'api' }),
  io?: ApiIo,
  cdrQueue?: CdrQueue,
): ApiDeps {
  const documents = createDocumentClient(createDynamoClient(connection));
  const imports = new ImportStore(documents, names.config);
  const objects = objectStoreOf(io);
  let tokens: Promise<TokenService> | undefined;
  return {
    ledger: createDynamoLedger(documents, names.ledger).service,
    directory: new DynamoDirectory(documents, names.directory),
    accounts: new AccountStore(documents, names),
    config: new ConfigStore(documents, names.config),
    currencies: new CurrencyStore(documents, names.config),
    snapshotVersions: new SnapshotVersions(
      documents,
      names.config,
      new ConfigEpoch(documents, names.config),
    ),
    audit: new AuditLog(documents, names.config),
    imports,
    objects,
    importQueue: importQueueOf(io, () => ({ imports, objects, clock: systemClock }), logger),
    throttle: new DynamoLoginThrottle(documents, names.directory),
    cdrs: cdrDepsOf(createRaterDeps(names, connection, objects, archiveOf(io)), io, cdrQueue),
    // Read once per instance; a failed read is retried by the next request.
    tokens: () => {
      tokens ??= loadSigningKey(documents, names.directory).then(createTokenService);
      tokens.catch(() => (tokens = undefined));
      return tokens;
    },
    clock: systemClock,
    logger,
  };
}

function objectStoreOf(io: ApiIo | undefined): ObjectStore {
  if (io?.kind === 'aws') return new S3ObjectStore(new S3Client({}), io.bucket);
  if (io?.kind === 'local') return new DirectoryObjectStore(io.directory, io.baseUrl, io.secret);
  return unconfigured as unknown as ObjectStore;
}

function archiveOf(io: ApiIo | undefined): ObjectStore | undefined {
  if (io?.kind !== 'aws' || !io.archiveBucket) return undefined;
  return new S3ObjectStore(new S3Client({}), io.archiveBucket);
}

function importQueueOf(
  io: ApiIo | undefined,
  deps: () => Parameters<typeof runDeckImport>[0],
  logger: Logger,
): ImportQueue {
  if (io?.kind === 'aws') return new SqsImportQueue(new SQSClient({}), io.importQueueUrl);
  return new InProcessImportQueue(
    (importId) => runDeckImport(deps(), importId),
    (importId, error) => logger.error('deck import failed', { importId, error: String(error) }),
  );
}

/** SQS in AWS; the given queue (`npm start`'s local one); else rated in-process (tests). */
function cdrDepsOf(rater: RaterDeps, io: ApiIo | undefined, queue: CdrQueue | undefined) {
  if (queue) return { queue, rater };
  if (io?.kind === 'aws' && io.cdrQueueUrl) {
    const { cdrDeadLetterArn: deadLetters, cdrQueueArn: arn } = io;
    const arns = deadLetters && arn ? { deadLetters, queue: arn } : undefined;
    const queue = new SqsCdrQueue(new SQSClient({}), io.cdrQueueUrl, io.cdrDeadLetterUrl, arns);
    return { queue, rater };
  }
  return { queue: new InProcessCdrQueue(createRateCdrsHandler(rater, () => {})), rater };
}

/** Deps built without object storage (the ledger bench) fail loudly if a route needs it. */
const unconfigured = new Proxy(
  {},
  {
    get: () => () => Promise.reject(new Error('api: no object store configured')),
  },
);

/** Table names, endpoint and object storage from the environment (set by CDK, or by `local/`). */
export function apiDepsFromEnv(env: NodeJS.ProcessEnv): ApiDeps {
  const ledger = env.TOLLGATE_LEDGER_TABLE;
  const directory = env.TOLLGATE_DIRECTORY_TABLE;
  const config = env.TOLLGATE_CONFIG_TABLE;
  const cdrs = env.TOLLGATE_CDRS_TABLE ?? 'cdrs';
  if (!ledger || !directory || !config)
    throw new Error(
      'api: TOLLGATE_LEDGER_TABLE, TOLLGATE_DIRECTORY_TABLE and TOLLGATE_CONFIG_TABLE must be set',
    );
  const endpoint = env.TOLLGATE_DYNAMODB_ENDPOINT;
  return createApiDeps(
    { ledger, directory, config, cdrs },
    endpoint ? { endpoint } : {},
    undefined,
    ioFromEnv(env),
  );
}

function ioFromEnv(env: NodeJS.ProcessEnv): ApiIo | undefined {
  if (env.TOLLGATE_OBJECTS_BUCKET && env.TOLLGATE_IMPORT_QUEUE_URL) {
    return {
      kind: 'aws',
      bucket: env.TOLLGATE_OBJECTS_BUCKET,
      importQueueUrl: env.TOLLGATE_IMPORT_QUEUE_URL,
      ...(env.TOLLGATE_CDR_QUEUE_URL ? { cdrQueueUrl: env.TOLLGATE_CDR_QUEUE_URL } : {}),
      ...(env.TOLLGATE_CDR_DLQ_URL ? { cdrDeadLetterUrl: env.TOLLGATE_CDR_DLQ_URL } : {}),
      ...(env.TOLLGATE_CDR_DLQ_ARN ? { cdrDeadLetterArn: env.TOLLGATE_CDR_DLQ_ARN } : {}),
      ...(env.TOLLGATE_CDR_QUEUE_ARN ? { cdrQueueArn: env.TOLLGATE_CDR_QUEUE_ARN } : {}),
      ...(env.TOLLGATE_ARCHIVE_BUCKET ? { archiveBucket: env.TOLLGATE_ARCHIVE_BUCKET } : {}),
    };
  }
  const {
    TOLLGATE_OBJECTS_DIR: dir,
    TOLLGATE_OBJECTS_URL: url,
    TOLLGATE_OBJECTS_SECRET: secret,
  } = env;
  if (dir && url && secret) return { kind: 'local', directory: dir, baseUrl: url, secret };
  return undefined;
}
