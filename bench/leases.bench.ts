/**
 * Credit-lease grants on DynamoDB Local (its own instance, in memory), through the lease store
 * (the route's path minus HTTP): each grant reads the account's chain (profile, every level's
 * balance item, the currencies) and writes one transaction (the id's claim, the lease, each
 * level's balance item conditioned on `availableMicros`).
 * - `lease.grant`: 8 in flight over the four demo customers (three share reseller r1, so
 *   grants also race for its balance item, as edges of one reseller do).
 * - `lease.grant.one-account`: 8 in flight on one customer (the hot case: every grant conflicts).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiDeps } from '../functions/api/wiring';
import { DynamoDirectory } from '../functions/shared/dynamo/directory';
import { createDynamoLedger } from '../functions/shared/dynamo/ledger';
import type { LeaseStore } from '../functions/shared/dynamo/lease-store';
import { seedDemo } from '../local/seed';
import { throughputFromSamples, type BenchSuite } from './harness';
import { withBenchCloud } from './local-cloud';

const GRANTS = 1_000;
const HOT_GRANTS = 300;
const IN_FLIGHT = 8;
/** Small enough that no customer runs out during the run. */
const AMOUNT_MICROS = 1_000;

const suite: BenchSuite = {
  name: 'lease',
  run: () =>
    withBenchCloud(async ({ endpoint, names, documents, objects }) => {
      const logger = new Logger({ logLevel: 'SILENT' });
      const api = createApiDeps(names, { endpoint }, logger, objects.io);
      const ledger = createDynamoLedger(documents, names.ledger);
      await seedDemo(new DynamoDirectory(documents, names.directory), ledger, api);
      const leases = api.cdrs.rater.leases;
      const spread = await grants(leases, 'lease.grant', GRANTS, ['c1', 'c2', 'c3', 'c4']);
      const hot = await grants(leases, 'lease.grant.one-account', HOT_GRANTS, ['c4']);
      return [spread, hot];
    }),
};
export default suite;

async function grants(leases: LeaseStore, name: string, total: number, accounts: string[]) {
  const ns: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async (edge: number) => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      const accountId = accounts[index % accounts.length]!;
      const request = { leaseId: randomUUID(), accountId, edgeId: `edge-${edge}`, amountMicros: AMOUNT_MICROS };
      const result = await leases.grant(request);
      if (!result.ok) throw new Error(`${name} ${index}: ${result.code}`);
      ns.push((performance.now() - t0) * 1e6);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, edge) => lane(edge)));
  return throughputFromSamples(name, ns, performance.now() - started);
}
