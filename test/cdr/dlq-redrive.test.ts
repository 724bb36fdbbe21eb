// Proves the dead-letter redrive over real HTTP on the local queue: a batch that failed maxReceiveCount times (the ledger down) waits in the DLQ with its CDR items written but not charged; after the fix, POST /cdrs/dead-letters/redrive (admin) moves it back, the poller rates it and c1 is charged exactly once; a second redrive moves nothing and charges nothing.
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { createApiDeps } from '../../functions/api/wiring';
import type { RaterDeps } from '../../functions/rate-cdrs/deps';
import {
  createLocalCdrPipeline,
  LOCAL_CDR_QUEUE,
  type LocalCdrPipeline,
} from '../../local/cdr-pipeline';
import { createLocalApiServer } from '../../local/http-adapter';
import { startTestApi, type TestApi } from '../support/api';
import { londonCall } from '../support/london-call';

const VISIBILITY_MS = 1_000;
let api: TestApi;
let pipeline: LocalCdrPipeline;
let server: ReturnType<typeof createLocalApiServer>;
let baseUrl: string;
let ledgerDown = true;
let now = Date.now();

beforeAll(async () => {
  api = await startTestApi();
  const rater = api.deps.cdrs.rater;
  const flaky: RaterDeps = {
    ...rater,
    ledger: {
      ...rater.ledger,
      post: async (request) => {
        if (ledgerDown) throw new Error('ledger unavailable');
        return rater.ledger.post(request);
      },
    },
  };
  const clock = () => now;
  pipeline = createLocalCdrPipeline(flaky, { clock, visibilityTimeoutMs: VISIBILITY_MS });
  // The production API handler on the same tables, sending to the local queue.
  const { names, endpoint } = api.dynamo;
  const logger = new Logger({ logLevel: 'SILENT' });
  const deps = createApiDeps(names, { endpoint }, logger, undefined, pipeline.cdrQueue);
  server = createLocalApiServer(createApiHandler(deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await api.close();
});

async function call(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as any };
}

const balanceOfC1 = async () => (await api.deps.ledger.getBalance('c1'))!.balanceMicros;

describe('POST /cdrs/dead-letters/redrive', () => {
  it('moves a dead-lettered batch back; once rated it is charged exactly once', async () => {
    // Prepare: a batch of two calls that fails every delivery until it is dead-lettered.
    const admin = { authorization: `Bearer ${await api.login('admin')}` };
    const cdrs = [londonCall(), londonCall()];
    const before = await balanceOfC1();
    const edge = { 'x-api-key': api.seed.edgeApiKey };
    const posted = await call('POST', '/edge/cdrs', edge, { cdrs });
    expect(posted.status).toBe(202);
    for (let receive = 0; receive <= LOCAL_CDR_QUEUE.maxReceiveCount; receive += 1) {
      await pipeline.pollOnce();
      now += VISIBILITY_MS + 1;
    }
    expect(pipeline.queue.depth).toBe(0);
    const waiting = await call('GET', '/cdrs/dead-letters', admin);
    expect(waiting.json.items).toMatchObject([{ batchId: `${posted.json.batchId}-0`, cdrs: 2 }]);
    const written = await api.deps.cdrs.rater.cdrs.get(cdrs[0]!.cdr.uuid);
    expect(written).toMatchObject({ status: 'rated' });
    expect(await balanceOfC1()).toBe(before);
    // Act: the ledger is back; the operator redrives.
    ledgerDown = false;
    const redriven = await call('POST', '/cdrs/dead-letters/redrive', admin);
    await pipeline.pollOnce();
    // Assess: moved, rated, charged once (2 London minutes at 27,000 micros).
    expect(redriven).toEqual({ status: 202, json: { moved: 1, taskHandle: null } });
    expect([pipeline.queue.depth, pipeline.deadLetters.depth]).toEqual([0, 0]);
    expect(before - (await balanceOfC1())).toBe(2 * 27_000);
    const again = await call('POST', '/cdrs/dead-letters/redrive', admin);
    expect(again.json).toEqual({ moved: 0, taskHandle: null });
    expect(await pipeline.pollOnce()).toBe(0);
    expect(before - (await balanceOfC1())).toBe(2 * 27_000);
  });

  it('refuses a customer (admin only)', async () => {
    const customer = { authorization: `Bearer ${await api.login('alice')}` };
    const refused = await call('POST', '/cdrs/dead-letters/redrive', customer);
    expect(refused.status).toBe(403);
  });
});
