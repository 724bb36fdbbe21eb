/** RaterDeps from table names and a DynamoDB connection (the handler, `npm start`, tests). */
import { S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../../core/objects/object-store';
import { AccountStore } from '../shared/dynamo/account-store';
import { CdrStore } from '../shared/dynamo/cdr-store';
import {
  createDocumentClient,
  createDynamoClient,
  type DynamoConnection,
} from '../shared/dynamo/client';
import { ConfigStore } from '../shared/dynamo/config-store';
import { CurrencyStore } from '../shared/dynamo/currency-store';
import { ImportStore } from '../shared/dynamo/import-store';
import { createDynamoLedger } from '../shared/dynamo/ledger';
import { createLeaseStore } from '../shared/dynamo/lease-wiring';
import { S3ObjectStore } from '../shared/objects/s3-object-store';
import { systemClock } from '../shared/system';
import type { TableNames } from '../shared/tables';
import type { RaterDeps } from './deps';

export function createRaterDeps(
  names: TableNames,
  connection: DynamoConnection,
  objects: ObjectStore,
  /** The archive bucket in AWS; locally the same directory as the other objects. */
  archive: ObjectStore = objects,
): RaterDeps {
  const documents = createDocumentClient(createDynamoClient(connection));
  const ledger = createDynamoLedger(documents, names.ledger);
  return {
    documents,
    directoryTable: names.directory,
    accounts: new AccountStore(documents, names),
    config: new ConfigStore(documents, names.config),
    currencies: new CurrencyStore(documents, names.config),
    imports: new ImportStore(documents, names.config),
    objects,
    archive,
    cdrs: new CdrStore(documents, names.cdrs),
    ledger: ledger.service,
    leases: createLeaseStore(documents, names, ledger.repository),
    clock: systemClock,
  };
}

export function raterDepsFromEnv(env: NodeJS.ProcessEnv): RaterDeps {
  const { TOLLGATE_LEDGER_TABLE: ledger, TOLLGATE_DIRECTORY_TABLE: directory } = env;
  const { TOLLGATE_CONFIG_TABLE: config, TOLLGATE_CDRS_TABLE: cdrs } = env;
  const { TOLLGATE_OBJECTS_BUCKET: bucket, TOLLGATE_ARCHIVE_BUCKET: archiveBucket } = env;
  if (!ledger || !directory || !config || !cdrs || !bucket || !archiveBucket) {
    throw new Error(
      'rate-cdrs: the four TOLLGATE_*_TABLE names and TOLLGATE_{OBJECTS,ARCHIVE}_BUCKET must be set',
    );
  }
  const s3 = new S3Client({});
  const objects = new S3ObjectStore(s3, bucket);
  const archive = new S3ObjectStore(s3, archiveBucket);
  return createRaterDeps({ ledger, directory, config, cdrs }, {}, objects, archive);
}
