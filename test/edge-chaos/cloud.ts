/**
 * The real cloud for the edge chaos tests, wired as `npm start` wires it (local/start.ts): fresh
 * tables on the run's DynamoDB Local, the demo seed, the production API handler over HTTP, and
 * the local CDR queue (SQS semantics) with a poller running the `rate-cdrs` handler — so a CDR
 * the edge ships goes POST /edge/cdrs → queue → rater → CDR item + ledger postings.
 */
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../../functions/api/app';
import { createApiDeps } from '../../functions/api/wiring';
import { createRaterDeps } from '../../functions/rate-cdrs/wiring';
import type { RaterDeps } from '../../functions/rate-cdrs/deps';
import { DynamoDirectory } from '../../functions/shared/dynamo/directory';
import { createDynamoLedger } from '../../functions/shared/dynamo/ledger';
import { createLocalCdrPipeline, type LocalCdrPipeline } from '../../local/cdr-pipeline';
import { createLocalApiServer } from '../../local/http-adapter';
import { startLocalObjects } from '../../local/objects';
import { seedDemo } from '../../local/seed';
import { freshTables, type TestDynamo } from '../support/dynamo';

export interface ChaosCloud {
  readonly url: string;
  readonly edgeApiKey: string;
  readonly dynamo: TestDynamo;
  readonly rater: RaterDeps;
  readonly pipeline: LocalCdrPipeline;
  /** Messages in the CDR queue (visible or in flight) and in its dead-letter queue. */
  queued(): { readonly depth: number; readonly deadLetters: number };
  close(): Promise<void>;
}

export async function startChaosCloud(): Promise<ChaosCloud> {
  const dynamo = await freshTables();
  const objects = await startLocalObjects();
  const connection = { endpoint: dynamo.endpoint };
  const rater = createRaterDeps(dynamo.names, connection, objects.store);
  const pipeline = createLocalCdrPipeline(rater);
  const logger = new Logger({ logLevel: 'SILENT' });
  const deps = createApiDeps(dynamo.names, connection, logger, objects.io, pipeline.cdrQueue);
  const seed = await seedDemo(
    new DynamoDirectory(dynamo.documents, dynamo.names.directory),
    createDynamoLedger(dynamo.documents, dynamo.names.ledger),
    deps,
  );
  const poller = pipeline.start();
  const server = createLocalApiServer(createApiHandler(deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    edgeApiKey: seed.edgeApiKey,
    dynamo,
    rater,
    pipeline,
    queued: () => ({ depth: pipeline.queue.depth, deadLetters: pipeline.deadLetters.depth }),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await poller.stop();
      await objects.stop();
    },
  };
}
