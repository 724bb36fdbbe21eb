/**
 * `npm start`: the API on this machine with no AWS account. DynamoDB Local (in memory) on a free
 * or configured port, the tables from the same definitions as the CDK stack, demo data, and the
 * deployed handler (`functions/api/handler.ts`) behind the local API Gateway adapter.
 * Ctrl-C stops everything. Knobs: TOLLGATE_PORT (default 3000), TOLLGATE_DYNAMODB_PORT (default
 * free), TOLLGATE_HOST (default 127.0.0.1).
 */
import { performance } from 'node:perf_hooks';
import type { Server } from 'node:http';
import { createDynamoClient, createDocumentClient } from '../functions/shared/dynamo/client';
import { createTables } from '../functions/shared/dynamo/create-tables';
import { DynamoDirectory } from '../functions/shared/dynamo/directory';
import { createDynamoLedger } from '../functions/shared/dynamo/ledger';
import { localTableNames } from '../functions/shared/tables';
import { createApiDeps } from '../functions/api/wiring';
import { createApiHandler } from '../functions/api/app';
import { createRaterDeps } from '../functions/rate-cdrs/wiring';
import { startLeaseSweeper } from '../functions/release-leases/interval';
import { createLocalCdrPipeline } from './cdr-pipeline';
import { startDynamoLocal, type RunningDynamo } from './dynamodb-local';
import { createLocalApiServer } from './http-adapter';
import { startLocalObjects, type LocalObjects } from './objects';
import { seedDemo } from './seed';
import { printBanner } from './banner';
import { startLocalEdge, type LocalEdge } from './edge';

const started = performance.now();
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const apiPort = Number(process.env.TOLLGATE_PORT ?? 3000);
const host = process.env.TOLLGATE_HOST ?? '127.0.0.1';
const dynamoPort = process.env.TOLLGATE_DYNAMODB_PORT
  ? Number(process.env.TOLLGATE_DYNAMODB_PORT)
  : undefined;

const dynamo = await startDynamoLocal(dynamoPort === undefined ? {} : { port: dynamoPort });
let server: Server | undefined;
let objects: LocalObjects | undefined;
let edge: LocalEdge | undefined;
stopOnSignals(
  dynamo,
  () => server,
  () => objects,
  () => edge,
);
try {
  const names = localTableNames('tollgate-');
  const client = createDynamoClient({ endpoint: dynamo.endpoint });
  await createTables(client, names);
  const documents = createDocumentClient(client);
  // Deck uploads and compiled decks: a temporary directory behind a local presigned-URL server.
  objects = await startLocalObjects({ host });
  process.env.TOLLGATE_OBJECTS_DIR = objects.io.directory;
  process.env.TOLLGATE_OBJECTS_URL = objects.io.baseUrl;
  process.env.TOLLGATE_OBJECTS_SECRET = objects.io.secret;
  const seed = await seedDemo(
    new DynamoDirectory(documents, names.directory),
    createDynamoLedger(documents, names.ledger),
    createApiDeps(names, { endpoint: dynamo.endpoint }, undefined, objects.io),
  );
  // The deployed handler reads its tables from the environment, exactly as in Lambda.
  process.env.TOLLGATE_LEDGER_TABLE = names.ledger;
  process.env.TOLLGATE_DIRECTORY_TABLE = names.directory;
  process.env.TOLLGATE_CONFIG_TABLE = names.config;
  process.env.TOLLGATE_DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TOLLGATE_CDRS_TABLE = names.cdrs;
  // CDRs: the local queue with SQS semantics and a poller running the rate-cdrs handler. The
  // API is the deployed handler's code over deps built here, so it can send to that queue.
  const rater = createRaterDeps(names, { endpoint: dynamo.endpoint }, objects.store);
  const cdrs = createLocalCdrPipeline(rater, {
    log: (event, fields) => process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`),
  });
  cdrs.start();
  // Abandoned credit leases are released by the same service the cloud schedules (issue 10).
  startLeaseSweeper(rater.leases, (event, fields) =>
    process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`),
  );
  const io = objects.io;
  const apiDeps = createApiDeps(names, { endpoint: dynamo.endpoint }, undefined, io, cdrs.cdrQueue);
  server = createLocalApiServer(createApiHandler(apiDeps));
  await listen(server, apiPort, host);
  edge = await startLocalEdge(`http://${host}:${apiPort}`, seed.edgeApiKey, host);
  printBanner({
    edgeUrl: edge.edge.url,
    apiUrl: `http://${host}:${apiPort}`,
    dynamo,
    names,
    seed,
    startupMs: performance.now() - started,
    objectsUrl: objects.io.baseUrl,
  });
} catch (error) {
  process.stderr.write(
    `tollgate: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  await dynamo.stop();
  process.exit(1);
}

function listen(target: Server, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    target.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' ? new Error(`port ${port} is busy; set TOLLGATE_PORT`) : error,
      ),
    );
    target.listen(port, address, resolve);
  });
}

function stopOnSignals(
  running: RunningDynamo,
  current: () => Server | undefined,
  currentObjects: () => LocalObjects | undefined,
  currentEdge: () => LocalEdge | undefined,
): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the edge, the API and DynamoDB Local…\n`);
    await currentEdge()?.stop();
    const httpServer = current();
    if (httpServer) {
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
    }
    // The object directory is temporary, like DynamoDB Local's in-memory tables.
    await currentObjects()?.stop();
    await running.stop();
    process.stdout.write('stopped.\n');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
