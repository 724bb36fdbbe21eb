// Proves lease settlement through the real rate-cdrs handler on DynamoDB Local: a CDR carrying `tollgate_lease` is charged and drops the lease's reservation in the same transaction at the customer and reseller levels; a redelivered message changes nothing; close before and after settlement returns exactly the unused part; a batch of 120 leases is cut into transactions of ≤ 100 actions; CDRs under an unknown lease are charged and reported late. Every balance stays the sum of its postings.
import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMessages } from '../../core/cdr/batch';
import type { EdgeCdr } from '../../core/cdr/edge-cdr';
import type { RaterDeps } from '../../functions/rate-cdrs/deps';
import { createRateCdrsHandler } from '../../functions/rate-cdrs/handler';
import type { LeaseStore } from '../../functions/shared/dynamo/lease-store';
import { startTestApi, type TestApi } from '../support/api';
import { londonCall } from '../support/london-call';
import { expectBalancesAreTheirPostings, reservedOf } from './support';

/** The London minute (test/support/london-call.ts): c1 pays 27,000 micros, r1 15,000. */
const C1_MINUTE = 27_000;
const R1_MINUTE = 15_000;

let api: TestApi;
let rater: RaterDeps;
let leases: LeaseStore;
let rate: ReturnType<typeof createRateCdrsHandler>;

beforeAll(async () => {
  api = await startTestApi();
  rater = api.deps.cdrs.rater;
  leases = rater.leases;
  rate = createRateCdrsHandler(rater, () => {});
});
afterAll(() => api.close());

const underLease = (lease: string, billsec = 60): EdgeCdr => {
  const call = londonCall({ billsec });
  const answered = billsec > 0 ? call.cdr.answeredAtEpochMs : null;
  return { ...call, cdr: { ...call.cdr, answeredAtEpochMs: answered, tollgate: { account: 'c1', lease } } };
};

/** The messages of one edge batch, as the API queues them. */
const messagesOf = (cdrs: EdgeCdr[]) =>
  toMessages({ actor: 'edge:test', trustCallerSipUser: false }, `lease-${randomUUID()}`, cdrs);

async function deliver(messages: string[]): Promise<void> {
  const event = {
    Records: messages.map((body, i) => ({ messageId: `m${i}`, body })),
  } as unknown as SQSEvent;
  const response = await rate(event);
  expect(response.batchItemFailures).toEqual([]);
}

async function grant(amountMicros: number): Promise<string> {
  const leaseId = randomUUID();
  const granted = await leases.grant({ leaseId, accountId: 'c1', edgeId: 'edge-s', amountMicros });
  expect(granted.ok).toBe(true);
  return leaseId;
}

describe('lease settlement in the rater', () => {
  it('charges and drops the reservation at every level in one write; a redelivery changes nothing', async () => {
    const baseline = await reservedOf(api, ['c1', 'r1']);
    const leaseId = await grant(1_000_000);
    const messages = messagesOf([underLease(leaseId), underLease(leaseId), underLease(leaseId)]);
    await deliver(messages);
    const after = await reservedOf(api, ['c1', 'r1']);
    expect(after[0]!.balanceMicros - baseline[0]!.balanceMicros).toBe(-3 * C1_MINUTE);
    expect(after[1]!.balanceMicros - baseline[1]!.balanceMicros).toBe(-3 * R1_MINUTE);
    expect(after[0]!.reservedMicros - baseline[0]!.reservedMicros).toBe(1_000_000 - 3 * C1_MINUTE);
    expect(after[1]!.reservedMicros - baseline[1]!.reservedMicros).toBe(1_000_000 - 3 * R1_MINUTE);
    const lease = await leases.get('c1', leaseId);
    expect(lease?.levels.map((l) => l.consumedMicros)).toEqual([3 * C1_MINUTE, 3 * R1_MINUTE]);
    expect(lease?.settledCalls).toBe(3);
    // Redelivery of the same message: a replay, chunk by chunk.
    await deliver(messages);
    expect(await reservedOf(api, ['c1', 'r1'])).toEqual(after);
    expect(await leases.get('c1', leaseId)).toEqual(lease);
  });

  it('closes before settlement: the last CDR returns the unused part', async () => {
    const baseline = await reservedOf(api, ['c1', 'r1']);
    const leaseId = await grant(500_000);
    const closing = await leases.close('edge-s', leaseId, 2);
    expect(closing.ok && closing.lease.state).toBe('closing');
    await deliver(messagesOf([underLease(leaseId)]));
    expect((await leases.get('c1', leaseId))?.state).toBe('closing');
    await deliver(messagesOf([underLease(leaseId, 0)]));
    const closed = await leases.get('c1', leaseId);
    expect(closed?.state).toBe('closed');
    expect(closed?.settledCalls).toBe(2);
    const after = await reservedOf(api, ['c1', 'r1']);
    expect(after.map((l, i) => l.reservedMicros - baseline[i]!.reservedMicros)).toEqual([0, 0]);
    expect(after.map((l, i) => l.balanceMicros - baseline[i]!.balanceMicros)).toEqual([-C1_MINUTE, -R1_MINUTE]);
    const listed = await leases.close('edge-s', leaseId, 2);
    expect(listed).toMatchObject({ ok: true, replayed: true });
  });

  it('closes after settlement: the close itself returns the unused part', async () => {
    const baseline = await reservedOf(api, ['c1', 'r1']);
    const leaseId = await grant(500_000);
    await deliver(messagesOf([underLease(leaseId), underLease(leaseId, 0)]));
    const closed = await leases.close('edge-s', leaseId, 2);
    expect(closed.ok && closed.lease.state).toBe('closed');
    const after = await reservedOf(api, ['c1', 'r1']);
    expect(after.map((l, i) => l.reservedMicros - baseline[i]!.reservedMicros)).toEqual([0, 0]);
    expect(after.map((l, i) => l.availableMicros - baseline[i]!.availableMicros)).toEqual([-C1_MINUTE, -R1_MINUTE]);
  });

  it('cuts a batch of 120 leases into transactions of at most 100 actions, once', async () => {
    const baseline = await reservedOf(api, ['c1', 'r1']);
    const ids: string[] = [];
    for (let i = 0; i < 120; i += 1) ids.push(await grant(30_000));
    const messages = messagesOf(ids.map((id) => underLease(id)));
    expect(messages).toHaveLength(1);
    await deliver(messages);
    await deliver(messages);
    const after = await reservedOf(api, ['c1', 'r1']);
    expect(after[0]!.balanceMicros - baseline[0]!.balanceMicros).toBe(-120 * C1_MINUTE);
    expect(after[1]!.balanceMicros - baseline[1]!.balanceMicros).toBe(-120 * R1_MINUTE);
    expect(after[0]!.reservedMicros - baseline[0]!.reservedMicros).toBe(120 * (30_000 - C1_MINUTE));
    expect(after[1]!.reservedMicros - baseline[1]!.reservedMicros).toBe(120 * (30_000 - R1_MINUTE));
    const batchId = JSON.parse(messages[0]!).batchId as string;
    const postings = (await rater.ledger.listPostings('c1', 10)).postings.filter((p) =>
      p.idempotencyKey.startsWith(`cdrs:${batchId}`),
    );
    // 2 accounts × 2 + 95 leases + 1 marker = 100 actions: 95 leases, then 25.
    expect(postings.map((p) => [p.idempotencyKey, p.amountMicros]).sort()).toEqual([
      [`cdrs:${batchId}`, -95 * C1_MINUTE],
      [`cdrs:${batchId}:2`, -25 * C1_MINUTE],
    ]);
    const settled = await Promise.all(ids.map((id) => leases.get('c1', id)));
    expect(settled.every((lease) => lease?.settledCalls === 1)).toBe(true);
  }, 120_000);

  it('charges a CDR under a lease the account never had and reports it late', async () => {
    const before = await reservedOf(api, ['c1', 'r1']);
    const ghost = `ghost-${randomUUID()}`;
    const messages = messagesOf([underLease(ghost), underLease(ghost)]);
    await deliver(messages);
    await deliver(messages);
    const after = await reservedOf(api, ['c1', 'r1']);
    expect(after.map((l, i) => l.balanceMicros - before[i]!.balanceMicros)).toEqual([
      -2 * C1_MINUTE,
      -2 * R1_MINUTE,
    ]);
    expect(after.map((l, i) => l.reservedMicros - before[i]!.reservedMicros)).toEqual([0, 0]);
    const token = await api.login('admin');
    const report = await api.request('GET', '/accounts/c1/leases/late-settlements', { token });
    expect(report.status).toBe(200);
    expect(report.json.unknownLeases).toContainEqual(
      expect.objectContaining({ leaseId: ghost, calls: 2, chargedMicros: 2 * C1_MINUTE }),
    );
  });

  it('leaves every balance equal to the sum of its postings', async () => {
    await expectBalancesAreTheirPostings(api, ['c1', 'r1']);
  });
});
