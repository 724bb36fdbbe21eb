// Proves the lease lifecycle over real HTTP and the sweeper on DynamoDB Local: the edge routes take the edge's identity from its API key (201, a 200 replay, 402 naming the level short of funds, 400 naming the bad field); an abandoned lease is released by the sweeper only once drained and past expiry + max call length + grace (clock injected); a write-off is admin-only, audited in the same write, returns the unused part, and a CDR under the written-off lease is still charged and reported late.
import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMessages } from '../../core/cdr/batch';
import { SETTLE_GRACE_MS } from '../../core/leases';
import { createRateCdrsHandler } from '../../functions/rate-cdrs/handler';
import { releaseDueLeases } from '../../functions/release-leases/service';
import { createDynamoLedger } from '../../functions/shared/dynamo/ledger';
import { createLeaseStore } from '../../functions/shared/dynamo/lease-wiring';
import { startTestApi, type TestApi } from '../support/api';
import { londonCall } from '../support/london-call';
import { expectBalancesAreTheirPostings, reservedOf } from './support';

let api: TestApi;
let admin: string;
let now = Date.now();

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin');
});
afterAll(() => api.close());

const edge = (method: string, path: string, body?: unknown) =>
  api.request(method, path, { apiKey: api.seed.edgeApiKey, body });

async function rateUnder(leaseId: string): Promise<void> {
  const call = londonCall();
  const cdr = { ...call, cdr: { ...call.cdr, tollgate: { account: 'c1', lease: leaseId } } };
  const messages = toMessages({ actor: 'edge:t', trustCallerSipUser: false }, randomUUID(), [cdr]);
  const event = { Records: messages.map((body, i) => ({ messageId: `m${i}`, body })) };
  const response = await createRateCdrsHandler(api.deps.cdrs.rater, () => {})(event as unknown as SQSEvent);
  expect(response.batchItemFailures).toEqual([]);
}

describe('edge lease routes', () => {
  it("grants with the key's edge identity, replays, and names what is wrong", async () => {
    const leaseId = randomUUID();
    const body = { leaseId, accountId: 'c1', amountMicros: 2_000_000, ttlSeconds: 600 };
    const granted = await edge('POST', '/edge/leases', body);
    expect(granted.status, granted.text).toBe(201);
    expect(granted.json.lease).toMatchObject({ leaseId, accountId: 'c1', edgeId: expect.any(String), state: 'active' });
    expect(granted.json.lease.expiresAtEpochMs - granted.json.lease.grantedAtEpochMs).toBe(600_000);
    const replay = await edge('POST', '/edge/leases', body);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(granted.json);
    const poor = await edge('POST', '/edge/leases', { ...body, leaseId: randomUUID(), amountMicros: 90_000_000 });
    expect(poor.status).toBe(402);
    expect(poor.json).toMatchObject({ code: 'insufficient_funds', field: 'amountMicros', accountId: 'c1' });
    expect(poor.json.error.code).toBe('insufficient_funds');
    const bad = await edge('POST', '/edge/leases', { ...body, leaseId: randomUUID(), amountMicros: -5 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('amountMicros');
    const listed = await edge('GET', '/edge/leases');
    expect(listed.json.leases.map((l: { leaseId: string }) => l.leaseId)).toContain(leaseId);
    const topUp = await edge('POST', `/edge/leases/${leaseId}/top-up`, { topUpId: 'u1', amountMicros: 1_000 });
    expect(topUp.json.lease.levels[0].reservedMicros).toBe(2_001_000);
    const closed = await edge('POST', `/edge/leases/${leaseId}/close`, { callCount: 0 });
    expect(closed.json.lease.state).toBe('closed');
    const gone = await edge('GET', '/edge/leases');
    expect(gone.json.leases.map((l: { leaseId: string }) => l.leaseId)).not.toContain(leaseId);
  });

  it("shows an account's outstanding leases per edge to its readers", async () => {
    const leaseId = randomUUID();
    await edge('POST', '/edge/leases', { leaseId, accountId: 'c1', amountMicros: 700_000 });
    const alice = await api.login('alice');
    const view = await api.request('GET', '/accounts/c1/leases', { token: alice });
    expect(view.status).toBe(200);
    const mine = view.json.leases.find((l: { leaseId: string }) => l.leaseId === leaseId);
    expect(mine.levels[0].reservedMicros).toBe(700_000);
    const total = view.json.byEdge.reduce((s: number, e: { outstandingMicros: number }) => s + e.outstandingMicros, 0);
    expect(view.json.outstandingMicros).toBe(total);
    const c1 = (await reservedOf(api, ['c1']))[0]!;
    expect(view.json.outstandingMicros).toBe(c1.reservedMicros);
  });
});

describe('abandon and the sweeper', () => {
  it('releases an abandoned lease only when drained and past expiry + max call length + grace', async () => {
    const { documents, names } = api.dynamo;
    const ledger = createDynamoLedger(documents, names.ledger).repository;
    const leases = createLeaseStore(documents, names, ledger, { nowEpochMs: () => now });
    const baseline = await reservedOf(api, ['c1', 'r1']);
    const leaseId = randomUUID();
    const granted = await leases.grant({ leaseId, accountId: 'c1', edgeId: 'edge-x', amountMicros: 1_000_000, ttlSeconds: 60 });
    expect(granted.ok).toBe(true);
    await leases.abandon('edge-x', leaseId, false);
    await rateUnder(leaseId);
    const profile = await api.deps.accounts.get('c1');
    const releasableAt = now + 60_000 + profile!.maxCallSeconds * 1000 + SETTLE_GRACE_MS;
    now = releasableAt + 1;
    // Not drained: not even queued for the sweeper.
    expect(await releaseDueLeases(leases)).toEqual({ examined: 0, released: 0, waiting: 0 });
    await leases.abandon('edge-x', leaseId, true);
    now = releasableAt - 1;
    expect(await releaseDueLeases(leases)).toMatchObject({ released: 0, waiting: 1 });
    now = releasableAt;
    expect(await releaseDueLeases(leases)).toEqual({ examined: 1, released: 1, waiting: 0 });
    expect((await leases.get('c1', leaseId))?.state).toBe('released');
    const after = await reservedOf(api, ['c1', 'r1']);
    expect(after.map((l, i) => l.reservedMicros - baseline[i]!.reservedMicros)).toEqual([0, 0]);
    expect(after.map((l, i) => l.balanceMicros - baseline[i]!.balanceMicros)).toEqual([-27_000, -15_000]);
    expect(await releaseDueLeases(leases)).toEqual({ examined: 0, released: 0, waiting: 0 });
  });
});

describe('write-off', () => {
  it('is admin only, audited, returns the unused part; a later CDR is charged and reported late', async () => {
    const leaseId = randomUUID();
    await edge('POST', '/edge/leases', { leaseId, accountId: 'c1', amountMicros: 800_000 });
    const before = await reservedOf(api, ['c1', 'r1']);
    const path = `/accounts/c1/leases/${leaseId}/write-off`;
    const reseller = await api.login('reseller1');
    expect((await api.request('POST', path, { token: reseller, body: { reason: 'x' } })).status).toBe(403);
    const empty = await api.request('POST', path, { token: admin, body: { reason: '' } });
    expect([empty.status, empty.json.error.field]).toEqual([400, 'reason']);
    const written = await api.request('POST', path, { token: admin, body: { reason: 'edge fs1 lost its disk' } });
    expect(written.status, written.text).toBe(200);
    expect(written.json.lease).toMatchObject({ state: 'written_off', writeOff: { reason: 'edge fs1 lost its disk', actor: 'user:admin' } });
    const after = await reservedOf(api, ['c1', 'r1']);
    expect(after.map((l, i) => before[i]!.reservedMicros - l.reservedMicros)).toEqual([800_000, 800_000]);
    const again = await api.request('POST', path, { token: admin, body: { reason: 'twice' } });
    expect([again.status, again.json.code]).toEqual([409, 'lease_not_active']);
    const audit = await api.request('GET', '/accounts/r1/audit', { token: admin });
    const entry = audit.json.entries.find((e: { entityId: string }) => e.entityId === leaseId);
    expect(entry).toMatchObject({ entity: 'lease', action: 'update', actor: 'user:admin' });
    await rateUnder(leaseId);
    const charged = await reservedOf(api, ['c1', 'r1']);
    expect(charged.map((l, i) => l.balanceMicros - after[i]!.balanceMicros)).toEqual([-27_000, -15_000]);
    expect(charged.map((l, i) => l.reservedMicros - after[i]!.reservedMicros)).toEqual([0, 0]);
    const late = await api.request('GET', '/accounts/c1/leases/late-settlements', { token: admin });
    const reported = late.json.leases.find((l: { leaseId: string }) => l.leaseId === leaseId);
    expect(reported).toMatchObject({ state: 'written_off', lateSettlements: 1, settledCalls: 1 });
  });

  it('leaves every balance equal to the sum of its postings', async () => {
    await expectBalancesAreTheirPostings(api, ['c1', 'r1']);
  });
});
