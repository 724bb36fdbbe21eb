/**
 * What an edge's snapshot poll costs the cloud (`GET /edge/snapshot` over real HTTP, the
 * production handler on DynamoDB Local) with the demo plus ACCOUNTS customers in the edge's
 * subtree:
 * - `edge.snapshot.poll-unchanged`: the edge holds the current version and no configuration
 *   was written since it was built: 304 from the configuration epoch, the subtree unread;
 * - `edge.snapshot.poll-kept`: an edge holding another version (a second edge of the subtree, or
 *   one restarted without a snapshot) at the same epoch: the kept version, the subtree unread;
 * - `edge.snapshot.poll-build`: the subtree built after a configuration write (the epoch moved
 *   on) — what every poll cost before the epoch, the ceiling the rows above are compared with;
 * - `edge.snapshot.build/unchanged`: the ratio of their p50s.
 */
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../functions/api/app';
import { newProfile } from '../functions/api/config/account-profile';
import type { ApiDeps } from '../functions/api/deps';
import { createApiDeps } from '../functions/api/wiring';
import { ConfigEpoch } from '../functions/shared/dynamo/config-epoch';
import { DynamoDirectory } from '../functions/shared/dynamo/directory';
import { createDynamoLedger } from '../functions/shared/dynamo/ledger';
import { createLocalApiServer } from '../local/http-adapter';
import { seedDemo } from '../local/seed';
import { letIndexesSettle } from '../test/support/settled-epoch';
import { throughputFromSamples, type BenchRow, type BenchSuite } from './harness';
import { withBenchCloud, type BenchCloud } from './local-cloud';

const ACCOUNTS = 5_000;
const UNCHANGED_POLLS = 300;
const KEPT_POLLS = 30;
const BUILDING_POLLS = 10;

const suite: BenchSuite = {
  name: 'edge.snapshot',
  run: () =>
    withBenchCloud(async (cloud) => {
      const deps = createApiDeps(cloud.names, { endpoint: cloud.endpoint }, new Logger({ logLevel: 'SILENT' }), cloud.objects.io);
      const seed = await seedDemo(new DynamoDirectory(cloud.documents, cloud.names.directory), createDynamoLedger(cloud.documents, cloud.names.ledger), deps);
      await addCustomers(deps, ACCOUNTS);
      await letIndexesSettle(cloud.documents, cloud.names.config);
      const server = createLocalApiServer(createApiHandler(deps));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/edge/snapshot`;
        const poll = (held: string) => fetch(url, { headers: { 'x-api-key': seed.edgeApiKey, 'if-none-match': `"${held}"` } });
        const first = await poll('none');
        const { version } = (await first.json()) as { version: string };
        const unchanged = await timed('edge.snapshot.poll-unchanged', UNCHANGED_POLLS, () => poll(version), 304);
        const kept = await timed('edge.snapshot.poll-kept', KEPT_POLLS, () => poll('0'.repeat(64)), 200);
        // The epoch moved on before each (as by a configuration write), so the subtree is read again.
        const afterWrite = async () => {
          await configChanged(cloud);
          return poll('0'.repeat(64));
        };
        const building = await timed('edge.snapshot.poll-build', BUILDING_POLLS, afterWrite, 200);
        const ratio: BenchRow = {
          name: 'edge.snapshot.build/unchanged',
          value: Math.round(building.p50Ns / Math.max(1, unchanged.p50Ns)),
          unit: `× (p50 of a poll that builds over one answered from the epoch; ${ACCOUNTS + 13} accounts)`,
        };
        return [unchanged, kept, building, ratio];
      } finally {
        server.close();
      }
    }),
};
export default suite;

async function timed(name: string, polls: number, poll: () => Promise<Response>, status: number) {
  const ns: number[] = [];
  const started = performance.now();
  for (let index = 0; index < polls; index += 1) {
    const t0 = performance.now();
    const answer = await poll();
    await answer.arrayBuffer();
    if (answer.status !== status) throw new Error(`${name}: HTTP ${answer.status}, expected ${status}`);
    ns.push((performance.now() - t0) * 1e6);
  }
  return throughputFromSamples(name, ns, performance.now() - started);
}

/** Customers of reseller r1 created through the account store (8 writes in flight). */
async function addCustomers(deps: ApiDeps, count: number): Promise<void> {
  let next = 0;
  const now = Date.now();
  const lane = async () => {
    while (next < count) {
      const index = next++;
      const accountId = `bench-c${index}`;
      const profile = newProfile(
        { accountId, parentId: 'r1', type: 'customer', currency: 'USD', mode: 'prepaid', number: `B-${index}`, name: accountId, timezone: 'UTC', country: 'US', creditLimitMicros: 0 },
        { path: `/op/r1/${accountId}/` },
        now,
      );
      const audit = { auditId: `bench-${accountId}`, atEpochMs: now, actor: 'system:bench', action: 'create' as const, entity: 'account', entityId: accountId, accountId, path: profile.path, after: {} };
      const outcome = await deps.accounts.create(profile, audit);
      if (!outcome.ok) throw new Error(`edge.snapshot: account ${accountId}: ${outcome.code}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
}

/** What every configuration write does after it lands (`ConfigEpoch.bump`). */
function configChanged(cloud: BenchCloud): Promise<void> {
  return new ConfigEpoch(cloud.documents, cloud.names.config).bump();
}

