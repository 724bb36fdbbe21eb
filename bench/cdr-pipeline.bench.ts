/**
 * The CDR pipeline on DynamoDB Local (its own instance, in memory), demo data seeded:
 * - `cdr.pipeline.local`: edge batches of 500 normalized CDRs → `POST /edge/cdrs` (HTTP, API
 *   key) → local queue (SQS semantics) → two Lambda-style pollers running the `rate-cdrs`
 *   handler → CDR items + one posting per account per message; CDRs/s from the first POST to
 *   the last message deleted.
 * - `ledger.raw-batch-write`: raw BatchWriteItem of ~CDR-sized items in the same run, the
 *   ceiling; `cdr.pipeline.ratio` = pipeline / raw (goal ≥ 0.5).
 * - `cdr.pipeline.node-cpu-per-cdr`: the CPU the Node process (API + pollers + rater) spent per
 *   CDR in that run — what a Lambda would bill for, apart from DynamoDB's own work.
 * - `cdr.raw-conditional-insert`: the same items written as the rater writes CDRs, each with a
 *   condition, 25 to a request (`cdr-insert.ts`) — the pipeline's own ceiling on this store;
 *   `cdr.pipeline.ratio-to-conditional` = pipeline / that ceiling.
 * - `ledger.raw-batch-write.cdr-items`, `cdr.raw-conditional-insert.cdr-items` and their ratio:
 *   both write patterns on copies of a rated CDR item — what a condition costs this store for
 *   the rater's real items, the cap on the pipeline's ratio.
 * - `cdr.write-units`: write units as AWS bills them (items 1 per KB, ×2 in transactions, +1 per
 *   posting's index entry), per CDR (goal ≤ 1.2), and its parts: the CDR items
 *   (`cdr.write-units.items`), the postings (`.postings`), the search pages and summary cells
 *   written once per batch (`.views`); what they are shared by: CDRs per queue message
 *   (`cdr.cdrs-per-message`, gzipped messages carry a whole edge batch) and postings per
 *   message (`cdr.postings-per-message`, one per account charged).
 * The queue's visibility timeout is long here: on a loaded machine a 10-message receive can
 * outlast the laptop default (30 s), and a redelivery would count its replays as new work.
 */
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApiHandler } from '../functions/api/app';
import { createApiDeps } from '../functions/api/wiring';
import { createRaterDeps } from '../functions/rate-cdrs/wiring';
import { insertOnce } from '../functions/shared/dynamo/cdr-insert';
import type { StoredCdr } from '../functions/shared/dynamo/cdr-store';
import { itemSizeBytes, type ItemMap } from '../core/ledger/item-size';
import { DynamoDirectory } from '../functions/shared/dynamo/directory';
import { createDynamoLedger } from '../functions/shared/dynamo/ledger';
import { createLocalCdrPipeline } from '../local/cdr-pipeline';
import { createLocalApiServer } from '../local/http-adapter';
import { seedDemo } from '../local/seed';
import { londonCall } from '../test/support/london-call';
import { throughputFromSamples, type BenchRow, type BenchSuite } from './harness';
import { withBenchCloud } from './local-cloud';

const BATCHES = 24;
const CDRS_PER_BATCH = 500;
const POLLERS = 2;
const ACCOUNTS = ['c1', 'c2', 'c3', 'c4'];
const VISIBILITY_MS = 600_000;
const WARM_UP_ITEMS = 3_000;

const perCdr = (name: string, units: number, cdrs: number): BenchRow => ({
  name,
  value: Math.round((units / cdrs) * 1000) / 1000,
  unit: 'WCU/CDR',
});

/** Counts the write units of the CDR items and of the postings as the rater reports them. */
function countWriteUnits(rater: ReturnType<typeof createRaterDeps>) {
  const parts: { items: number; postings: number; sample?: StoredCdr } = { items: 0, postings: 0 };
  const putManyOnce = rater.cdrs.putManyOnce.bind(rater.cdrs);
  rater.cdrs.putManyOnce = async (items) => {
    const outcomes = await putManyOnce(items);
    for (const outcome of outcomes) if (outcome.written) parts.items += outcome.writeUnits;
    parts.sample ??= items.find((item) => item.status === 'rated');
    return outcomes;
  };
  const post = rater.ledger.post.bind(rater.ledger);
  (rater.ledger as { post: typeof post }).post = async (request) => {
    const result = await post(request);
    if (result.ok) parts.postings += result.writeUnits;
    return result;
  };
  return parts;
}

const suite: BenchSuite = {
  name: 'cdr.pipeline',
  run: () =>
    withBenchCloud(async ({ endpoint, names, documents, objects }): Promise<BenchRow[]> => {
      const rater = createRaterDeps(names, { endpoint }, objects.store);
      let writeUnits = 0;
      let rated = 0;
      let messages = 0;
      let postings = 0;
      const parts = countWriteUnits(rater);
      const pipeline = createLocalCdrPipeline(rater, {
        visibilityTimeoutMs: VISIBILITY_MS,
        log: (_event, fields) => {
          writeUnits += Number(fields.writeUnits ?? 0);
          rated += Number(fields.rated ?? 0);
          postings += Number(fields.postings ?? 0);
          messages += fields.rated === undefined ? 0 : 1;
        },
      });
      const logger = new Logger({ logLevel: 'SILENT' });
      const api = createApiDeps(
        names,
        { endpoint },
        logger,
        objects.io,
        pipeline.cdrQueue,
      );
      const seed = await seedDemo(
        new DynamoDirectory(documents, names.directory),
        createDynamoLedger(documents, names.ledger),
        api,
      );
      // DynamoDB Local's JIT warms on both write patterns first, or whichever ran first would
      // pay for it (measured: the first 6,000 conditional inserts run ~40 % slower).
      await rawBatchWrite(documents, names.cdrs, WARM_UP_ITEMS);
      await rawConditionalInserts(documents, names.cdrs, WARM_UP_ITEMS);
      const { rate: piped, cpuPerCdr } = await runPipeline(api, seed.edgeApiKey, pipeline);
      if (rated !== BATCHES * CDRS_PER_BATCH) throw new Error(`cdr bench: ${rated} rated`);
      const raw = await rawBatchWrite(documents, names.cdrs, 12_000);
      const conditional = await rawConditionalInserts(documents, names.cdrs, 12_000);
      const ratio = piped.opsPerSec / raw.opsPerSec;
      if (!parts.sample) throw new Error('cdr bench: no rated item was written');
      const shaped = await cdrShapedRows(documents, names.cdrs, parts.sample);
      return [
        piped,
        cpuPerCdr,
        raw,
        conditional,
        { name: 'cdr.pipeline.ratio', value: Math.round(ratio * 100) / 100, unit: 'of raw' },
        {
          name: 'cdr.pipeline.ratio-to-conditional',
          value: Math.round((piped.opsPerSec / conditional.opsPerSec) * 100) / 100,
          unit: 'of conditional',
        },
        perCdr('cdr.write-units', writeUnits, rated),
        perCdr('cdr.write-units.items', parts.items, rated),
        perCdr('cdr.write-units.postings', parts.postings, rated),
        perCdr('cdr.write-units.views', writeUnits - parts.items - parts.postings, rated),
        { name: 'cdr.cdrs-per-message', value: Math.round(rated / messages), unit: 'CDRs' },
        { name: 'cdr.postings-per-message', value: postings / messages, unit: 'postings' },
        ...shaped,
      ];
    }),
};
export default suite;

async function runPipeline(
  api: ReturnType<typeof createApiDeps>,
  apiKey: string,
  pipeline: ReturnType<typeof createLocalCdrPipeline>,
) {
  const server = createLocalApiServer(createApiHandler(api));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bodies = Array.from({ length: BATCHES }, () => JSON.stringify({ cdrs: batch() }));
  const pollers = Array.from({ length: POLLERS }, () => pipeline.start());
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    for (const body of bodies) {
      const response = await fetch(`${base}/edge/cdrs`, {
        method: 'POST',
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
        body,
      });
      if (response.status !== 202) throw new Error(`edge/cdrs: ${response.status}`);
      await response.arrayBuffer();
    }
    while (pipeline.queue.depth > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const total = BATCHES * CDRS_PER_BATCH;
    const perCdrNs = (elapsedMs * 1e6) / total;
    const cpuPerCdr: BenchRow = {
      name: 'cdr.pipeline.node-cpu-per-cdr',
      value: Math.round((cpu.user + cpu.system) / total),
      unit: 'µs (API + rater process; DynamoDB Local is Java, apart)',
    };
    const rate = throughputFromSamples('cdr.pipeline.local', Array(total).fill(perCdrNs), elapsedMs);
    return { rate, cpuPerCdr };
  } finally {
    await Promise.all(pollers.map((poller) => poller.stop()));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** 500 one-minute London calls of the demo customers, answered now (after the seed's decks). */
function batch() {
  return Array.from({ length: CDRS_PER_BATCH }, (_, index) =>
    londonCall({ account: ACCOUNTS[index % ACCOUNTS.length], billsec: 60 + (index % 60) }),
  );
}

/** The raw rows' item: ~600 bytes of filler, or a copy of a rated CDR item under a new key. */
type ItemShape = (pk: string) => Record<string, unknown>;
const FILLER = 'x'.repeat(500);
const fillerItem: ItemShape = (pk) => ({ pk, sk: 'CDR', filler: FILLER });

/** The ceiling: BatchWriteItem of 25 unconditioned items, 8 requests in flight. */
async function rawBatchWrite(
  documents: DynamoDBDocumentClient,
  table: string,
  items: number,
  shape: { name: string; item: ItemShape } = { name: 'ledger.raw-batch-write', item: fillerItem },
) {
  const requests = items / 25;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < requests) {
      const request = next++;
      const RequestItems = {
        [table]: Array.from({ length: 25 }, (_, i) => ({
          PutRequest: { Item: shape.item(`RAW#${shape.name}-${items}-${request}-${i}`) },
        })),
      };
      const result = await documents.send(new BatchWriteCommand({ RequestItems }));
      if (Object.keys(result.UnprocessedItems ?? {}).length > 0) throw new Error('unprocessed');
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  const elapsedMs = performance.now() - started;
  return throughputFromSamples(shape.name, Array(items).fill((elapsedMs * 1e6) / items), elapsedMs);
}

/**
 * The rater's own write pattern on the same items: conditional inserts, 25 to a request,
 * through the rater's `insertOnce` — the pipeline's structural ceiling on this store.
 */
async function rawConditionalInserts(
  documents: DynamoDBDocumentClient,
  table: string,
  items: number,
  shape: { name: string; item: ItemShape } = {
    name: 'cdr.raw-conditional-insert',
    item: fillerItem,
  },
) {
  const started = performance.now();
  const sized = Array.from({ length: items }, (_, index) => {
    const item = shape.item(`COND#${shape.name}-${items}-${index}`);
    return { item, sizeBytes: itemSizeBytes(item as ItemMap) };
  });
  const results = await insertOnce(documents, table, sized);
  if (results.some((result) => result !== 'written')) throw new Error('conditional: not written');
  const elapsedMs = performance.now() - started;
  return throughputFromSamples(shape.name, Array(items).fill((elapsedMs * 1e6) / items), elapsedMs);
}

/**
 * Both write patterns again on copies of a rated CDR item the pipeline wrote (24 attributes,
 * ~900 B): how much more a conditioned write costs this store than a batched one, for the
 * items the rater really writes — the cap on `cdr.pipeline.ratio` any design that conditions
 * every CDR item has here.
 */
async function cdrShapedRows(documents: DynamoDBDocumentClient, table: string, rated: StoredCdr) {
  const { pk: _pk, ...fields } = rated;
  const item: ItemShape = (pk) => ({ ...fields, pk, sk: 'CDR', id: pk });
  const raw = await rawBatchWrite(documents, table, 12_000, {
    name: 'ledger.raw-batch-write.cdr-items',
    item,
  });
  const conditional = await rawConditionalInserts(documents, table, 12_000, {
    name: 'cdr.raw-conditional-insert.cdr-items',
    item,
  });
  const ratio = Math.round((conditional.opsPerSec / raw.opsPerSec) * 100) / 100;
  return [raw, conditional, { name: 'cdr.conditional/raw.cdr-items', value: ratio, unit: 'ratio' }];
}
