// Proves the rater under SQS semantics on DynamoDB Local (local queue + Lambda-style poller): a crash after the writes (before the delete) or between the CDR writes and the posting is redelivered and charges nothing twice; a poison message ends in the unrated store; after maxReceiveCount a message is in the dead-letter queue.
import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMessages } from '../../core/cdr/batch';
import type { EdgeCdr } from '../../core/cdr/edge-cdr';
import type { RaterDeps } from '../../functions/rate-cdrs/deps';
import { createRateCdrsHandler } from '../../functions/rate-cdrs/handler';
import { contentId } from '../../functions/rate-cdrs/items';
import { createLocalCdrPipeline, LOCAL_CDR_QUEUE } from '../../local/cdr-pipeline';
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../../functions/api/app';
import type { ApiDeps } from '../../functions/api/deps';
import { createApiDeps } from '../../functions/api/wiring';
import { startTestApi, type TestApi } from '../support/api';
import { londonCall } from '../support/london-call';
import { ledgerFailing } from './flaky-ledger';

const silent = new Logger({ logLevel: 'SILENT' });

/** One request through the API handler as API Gateway would call it (no HTTP needed). */
async function callApi(deps: ApiDeps, method: string, path: string, token: string) {
  const handler = createApiHandler(deps);
  const result = await handler(
    {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      headers: { authorization: `Bearer ${token}` },
      requestContext: {
        http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
        requestId: randomUUID(),
      },
      isBase64Encoded: false,
    } as never,
    {} as never,
  );
  return JSON.parse(String((result as { body: string }).body));
}

const VISIBILITY_MS = 1_000;
let api: TestApi;
let rater: RaterDeps;
let now = Date.now();
const clock = () => now;

beforeAll(async () => {
  api = await startTestApi();
  rater = api.deps.cdrs.rater;
});
afterAll(() => api.close());

const batchOf = (cdrs: EdgeCdr[]) =>
  toMessages({ actor: 'edge:test', trustCallerSipUser: false }, `t-${randomUUID()}`, cdrs);

async function balances(): Promise<[number, number]> {
  const c1 = await rater.ledger.getBalance('c1');
  const r1 = await rater.ledger.getBalance('r1');
  return [c1!.balanceMicros, r1!.balanceMicros];
}

async function chargedFor(uuids: string[]): Promise<[number, number]> {
  const sums: [number, number] = [0, 0];
  for (const uuid of uuids) {
    const item = await rater.cdrs.get(uuid);
    for (const charge of (item?.charges ?? []) as { accountId: string; chargeMicros: number }[]) {
      if (charge.accountId === 'c1') sums[0] += charge.chargeMicros;
      if (charge.accountId === 'r1') sums[1] += charge.chargeMicros;
    }
  }
  return sums;
}

describe('rate-cdrs under SQS semantics', () => {
  it('redelivers after a crash before the delete and charges nothing twice', async () => {
    // Prepare: the handler rates, then "crashes" once before the poller can delete.
    const real = createRateCdrsHandler(rater, () => {});
    let crashes = 1;
    const handler = async (event: SQSEvent) => {
      const response = await real(event);
      if (crashes-- > 0) throw new Error('crashed after the writes');
      return response;
    };
    const pipeline = createLocalCdrPipeline(rater, {
      clock,
      handler,
      visibilityTimeoutMs: VISIBILITY_MS,
    });
    const cdrs = [londonCall(), londonCall(), londonCall()];
    const before = await balances();
    // Act
    await pipeline.cdrQueue.send(batchOf(cdrs));
    await pipeline.pollOnce();
    now += VISIBILITY_MS + 1;
    await pipeline.pollOnce();
    // Assess
    expect(pipeline.queue.depth).toBe(0);
    const charged = await chargedFor(
      cdrs.map((cdr) => (cdr.kind === 'parsed' ? cdr.cdr.uuid : '')),
    );
    // c1 pays rg-r1's 0.0225/min + 20 % markup, r1 pays rg-op's 0.015/min (as the simulator says).
    expect(charged).toEqual([3 * 27_000, 3 * 15_000]);
    const after = await balances();
    expect([before[0] - after[0], before[1] - after[1]]).toEqual(charged);
  });

  it('posts on redelivery when the crash came between the CDR writes and the posting', async () => {
    // Prepare: the ledger fails once (a transient failure), after the CDR items were written.
    const flaky = ledgerFailing(rater, 1);
    const pipeline = createLocalCdrPipeline(flaky, { clock, visibilityTimeoutMs: VISIBILITY_MS });
    const cdrs = [londonCall(), londonCall()];
    const before = await balances();
    // Act
    await pipeline.cdrQueue.send(batchOf(cdrs));
    await pipeline.pollOnce();
    const stillQueued = pipeline.queue.depth;
    now += VISIBILITY_MS + 1;
    await pipeline.pollOnce();
    // Assess
    expect(stillQueued).toBe(1);
    expect(pipeline.queue.depth).toBe(0);
    const charged = await chargedFor(
      cdrs.map((cdr) => (cdr.kind === 'parsed' ? cdr.cdr.uuid : '')),
    );
    const after = await balances();
    expect([before[0] - after[0], before[1] - after[1]]).toEqual(charged);
    expect(charged[0]).toBeGreaterThan(0);
  });

  it('keeps a poison message as an unrated malformed item and deletes it', async () => {
    const pipeline = createLocalCdrPipeline(rater, { clock, visibilityTimeoutMs: VISIBILITY_MS });
    const body = '{"cdrs": "this is not a batch"}';
    await pipeline.cdrQueue.send([body]);
    await pipeline.pollOnce();
    expect(pipeline.queue.depth).toBe(0);
    const item = await rater.cdrs.get(contentId('msg', body));
    expect(item).toMatchObject({ status: 'unrated', reason: 'malformed', raw: body });
  });

  it('moves a message that keeps failing to the dead-letter queue after maxReceiveCount', async () => {
    const handler = async () => {
      throw new Error('DynamoDB is down');
    };
    const pipeline = createLocalCdrPipeline(rater, {
      clock,
      handler,
      visibilityTimeoutMs: VISIBILITY_MS,
    });
    await pipeline.cdrQueue.send(batchOf([londonCall()]));
    for (let receive = 0; receive <= LOCAL_CDR_QUEUE.maxReceiveCount; receive += 1) {
      await pipeline.pollOnce();
      now += VISIBILITY_MS + 1;
    }
    expect(pipeline.queue.depth).toBe(0);
    expect(pipeline.deadLetters.depth).toBe(1);
    // The API over this pipeline's queue shows it (a look: it stays in the queue).
    const deps = createApiDeps(
      api.dynamo.names,
      { endpoint: api.dynamo.endpoint },
      silent,
      undefined,
      pipeline.cdrQueue,
    );
    const shown = await callApi(deps, 'GET', '/cdrs/dead-letters', await api.login('admin'));
    expect(shown.items).toMatchObject([{ cdrs: 1, batchId: expect.stringMatching(/^t-/) }]);
    expect(pipeline.deadLetters.depth).toBe(1);
  });
});
