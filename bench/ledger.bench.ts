/**
 * Ledger throughput on DynamoDB Local (its own instance, in memory):
 * - `ledger.post.single`: refills through the whole API path (HTTP → API Gateway v2 event → middy
 *   → guard → ledger → TransactWriteItems), 8 in flight, spread over 16 accounts.
 * - `ledger.post.batched`: 99 postings per transaction through the ledger service (the CDR
 *   rater's path: one balance update per account per batch), 4 in flight.
 * - `ledger.raw-batch-write`: raw BatchWriteItem of posting-sized items, the ceiling.
 * - `ledger.write-units-per-posting.*`: as AWS bills the operations issued (2× in transactions).
 */
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PostingInput } from '../core/ledger/posting';
import { micros } from '../core/money/micros';
import { createApiHandler } from '../functions/api/app';
import { createApiDeps } from '../functions/api/wiring';
import { DynamoDirectory } from '../functions/shared/dynamo/directory';
import { createDynamoLedger, type DynamoLedger } from '../functions/shared/dynamo/ledger';
import { postingItem } from '../functions/shared/dynamo/ledger-items';
import type { TableNames } from '../functions/shared/tables';
import { createLocalApiServer } from '../local/http-adapter';
import { seedDemo } from '../local/seed';
import { throughputFromSamples, type BenchRow, type BenchSuite, type FigureRow } from './harness';
import { withBenchCloud } from './local-cloud';

const ACCOUNTS = 16;
const SINGLE_POSTS = 2_000;
const BATCHES = 40;
const BATCH_SIZE = 99;
const RAW_ITEMS = 20_000;

const suite: BenchSuite = {
  name: 'ledger',
  run: () =>
    withBenchCloud(async ({ endpoint, names, documents }): Promise<BenchRow[]> => {
      const ledger = createDynamoLedger(documents, names.ledger);
      await seedDemo(new DynamoDirectory(documents, names.directory), ledger);
      const single = await postThroughApi(names, endpoint);
      const batched = await postBatches(ledger);
      const raw = await rawBatchWrite(documents, names.ledger);
      return [
        single.row,
        batched.row,
        raw,
        ...writeUnitRows(single.writeUnits, batched.writeUnits),
      ];
    }),
};
export default suite;

async function postThroughApi(names: TableNames, endpoint: string) {
  const deps = createApiDeps(names, { endpoint }, new Logger({ logLevel: 'SILENT' }));
  const server = createLocalApiServer(createApiHandler(deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: 'admin-demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const targets = ['c1', 'c2', 'c3', 'c4', 'r1', 'r1a', 'r2', 'p1'];
    const samples = await inFlight(8, SINGLE_POSTS, async (index) => {
      const response = await fetch(`${base}/accounts/${targets[index % targets.length]}/refills`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `bench-${index}`,
        },
        body: JSON.stringify({ amountMicros: 1_000, reference: 'bench' }),
      });
      if (response.status !== 201)
        throw new Error(`refill ${index}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    });
    const { ledger } = deps;
    const probe = await ledger.post({
      postings: [refill('c1', 'bench-probe')],
      floor: 'may_overdraw',
    });
    const writeUnits = probe.ok ? probe.writeUnits : Number.NaN;
    return {
      row: throughputFromSamples('ledger.post.single', samples.ns, samples.elapsedMs),
      writeUnits,
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function postBatches(ledger: DynamoLedger) {
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `acct${i}`);
  for (const accountId of accounts) {
    await ledger.repository.openBalance(
      { accountId, currency: 'USD', mode: 'prepaid', creditLimitMicros: 0 },
      Date.now(),
    );
  }
  let units = 0;
  const samples = await inFlight(4, BATCHES, async (batch) => {
    const accountId = accounts[batch % accounts.length]!;
    const postings = Array.from({ length: BATCH_SIZE }, (_, i) => ({
      ...refill(accountId, `b${batch}-${i}`),
      kind: 'cdr' as const,
    }));
    const result = await ledger.service.post({ postings, floor: 'may_overdraw' });
    if (!result.ok) throw new Error(`batch ${batch}: ${result.code}`);
    units += result.writeUnits;
  });
  // One sample per batch; report per posting.
  const perPostingNs = samples.ns.map((ns) => ns / BATCH_SIZE);
  const row = throughputFromSamples(
    'ledger.post.batched',
    perPostingNs.flatMap((ns) => Array(BATCH_SIZE).fill(ns)),
    samples.elapsedMs,
  );
  return { row, writeUnits: units / (BATCHES * BATCH_SIZE) };
}

async function rawBatchWrite(
  documents: DynamoDBDocumentClient,
  tableName: string,
): Promise<BenchRow> {
  const requests = RAW_ITEMS / 25;
  const samples = await inFlight(8, requests, async (request) => {
    const items = Array.from({ length: 25 }, (_, i) => ({
      PutRequest: {
        Item: postingItem({ ...refill('raw', `r${request}-${i}`), createdAtEpochMs: Date.now() }),
      },
    }));
    const result = await documents.send(
      new BatchWriteCommand({ RequestItems: { [tableName]: items } }),
    );
    if (Object.keys(result.UnprocessedItems ?? {}).length > 0)
      throw new Error('raw batch: unprocessed items');
  });
  const perItem = samples.ns.flatMap((ns) => Array(25).fill(ns / 25));
  return throughputFromSamples('ledger.raw-batch-write', perItem, samples.elapsedMs);
}

function writeUnitRows(single: number, batched: number): FigureRow[] {
  return [
    {
      name: 'ledger.write-units-per-posting.single',
      value: Math.round(single * 100) / 100,
      unit: 'WCU/posting',
    },
    {
      name: 'ledger.write-units-per-posting.batched',
      value: Math.round(batched * 100) / 100,
      unit: 'WCU/posting',
    },
  ];
}

function refill(accountId: string, idempotencyKey: string): PostingInput {
  return {
    accountId,
    amountMicros: micros(1_000),
    kind: 'refill',
    idempotencyKey,
    reference: 'bench',
    actor: 'bench',
  };
}

/** Runs `total` tasks with `concurrency` in flight; returns per-task latencies and wall time. */
async function inFlight(
  concurrency: number,
  total: number,
  task: (index: number) => Promise<void>,
) {
  const ns: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      await task(index);
      ns.push((performance.now() - t0) * 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { ns, elapsedMs: performance.now() - started };
}
