/**
 * The `release-leases` function: run by an EventBridge schedule every five minutes (CDK:
 * `lib/leases.ts`), it releases the abandoned leases that are due (`service.ts`). Under
 * `npm start` the same service runs on an interval (`interval.ts`).
 */
import { createDocumentClient, createDynamoClient } from '../shared/dynamo/client';
import { createDynamoLedger } from '../shared/dynamo/ledger';
import { createLeaseStore } from '../shared/dynamo/lease-wiring';
import type { LeaseStore } from '../shared/dynamo/lease-store';
import { releaseDueLeases, type ReleaseReport } from './service';

export function leaseStoreFromEnv(env: NodeJS.ProcessEnv): LeaseStore {
  const { TOLLGATE_LEDGER_TABLE: ledger, TOLLGATE_DIRECTORY_TABLE: directory } = env;
  const config = env.TOLLGATE_CONFIG_TABLE;
  if (!ledger || !directory || !config) {
    throw new Error('release-leases: TOLLGATE_LEDGER_TABLE, _DIRECTORY_TABLE, _CONFIG_TABLE must be set');
  }
  const documents = createDocumentClient(createDynamoClient({}));
  const names = { ledger, directory, config };
  return createLeaseStore(documents, names, createDynamoLedger(documents, ledger).repository);
}

let store: LeaseStore | undefined;

export async function handler(): Promise<ReleaseReport> {
  store ??= leaseStoreFromEnv(process.env);
  const report = await releaseDueLeases(store);
  console.log(JSON.stringify({ message: 'abandoned leases swept', ...report }));
  return report;
}
