// Proves a lease stays exact under racing writers on DynamoDB Local: six rater messages settling CDRs on one lease at once, three top-ups and the close all conditioned on the lease version (re-read and retried on conflict) → every CDR settled once, the lease closed, the unused part returned to the cent at both levels, and every balance the sum of its postings; the ledger's reserved equals what the open leases still hold.
import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMessages } from '../../core/cdr/batch';
import type { EdgeCdr } from '../../core/cdr/edge-cdr';
import { outstandingMicros } from '../../core/leases';
import { createRateCdrsHandler } from '../../functions/rate-cdrs/handler';
import { leasesOfAccount } from '../../functions/shared/dynamo/lease-queries';
import { startTestApi, type TestApi } from '../support/api';
import { londonCall } from '../support/london-call';
import { expectBalancesAreTheirPostings, reservedOf } from './support';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const underLease = (lease: string): EdgeCdr => {
  const call = londonCall();
  return { ...call, cdr: { ...call.cdr, tollgate: { account: 'c1', lease } } };
};

async function deliver(cdrs: EdgeCdr[]): Promise<void> {
  const rate = createRateCdrsHandler(api.deps.cdrs.rater, () => {});
  const messages = toMessages({ actor: 'edge:t', trustCallerSipUser: false }, randomUUID(), cdrs);
  const event = { Records: messages.map((body, i) => ({ messageId: `m${i}`, body })) };
  const response = await rate(event as unknown as SQSEvent);
  expect(response.batchItemFailures).toEqual([]);
}

describe('racing writers on one lease', () => {
  it('settles every CDR once, closes, and returns exactly the unused part', async () => {
    const leases = api.deps.cdrs.rater.leases;
    const baseline = await reservedOf(api, ['c1', 'r1']);
    const leaseId = randomUUID();
    await leases.grant({ leaseId, accountId: 'c1', edgeId: 'e1', amountMicros: 600_000 });
    const batches = Array.from({ length: 6 }, () => [0, 1, 2].map(() => underLease(leaseId)));
    // Top-ups first in the race, so that some land before the close.
    const topUps = [1, 2, 3].map((n) => leases.topUp('e1', leaseId, { topUpId: `u${n}`, amountMicros: 100_000 }));
    const [closed, ...answers] = await Promise.all([
      leases.close('e1', leaseId, 18),
      ...topUps,
      ...batches.map((cdrs) => deliver(cdrs)),
    ]);
    expect(closed.ok).toBe(true);
    // A top-up that lost the race to the close is refused (the lease is closing), never half-done.
    const toppedUp = answers.slice(0, 3).filter((answer) => answer && answer.ok).length;
    const refused = answers.slice(0, 3).filter((a) => a && !a.ok && a.code === 'lease_not_active');
    expect(toppedUp + refused.length).toBe(3);
    const lease = await leases.get('c1', leaseId);
    expect(lease).toMatchObject({ state: 'closed', settledCalls: 18, expectedCalls: 18 });
    expect(lease?.topUps).toHaveLength(toppedUp);
    const reserved = 600_000 + toppedUp * 100_000;
    expect(lease?.levels.map((l) => [l.reservedMicros, l.consumedMicros])).toEqual([
      [reserved, 18 * 27_000],
      [reserved, 18 * 15_000],
    ]);
    const after = await reservedOf(api, ['c1', 'r1']);
    expect(after.map((l, i) => l.reservedMicros - baseline[i]!.reservedMicros)).toEqual([0, 0]);
    expect(after.map((l, i) => l.balanceMicros - baseline[i]!.balanceMicros)).toEqual([
      -18 * 27_000,
      -18 * 15_000,
    ]);
  }, 120_000);

  it('keeps reserved equal to what open leases hold, and balances equal to their postings', async () => {
    const leases = api.deps.cdrs.rater.leases;
    const open = [randomUUID(), randomUUID()];
    for (const leaseId of open)
      await leases.grant({ leaseId, accountId: 'c1', edgeId: 'e2', amountMicros: 250_000 });
    await Promise.all([deliver([underLease(open[0]!)]), deliver([underLease(open[1]!), underLease(open[1]!)])]);
    const { documents, names } = api.dynamo;
    const holding = await leasesOfAccount(documents, names.ledger, 'c1', 'holding');
    const held = (level: number) =>
      holding.reduce((sum, lease) => sum + outstandingMicros(lease, lease.levels[level]!), 0);
    const [c1, r1] = await reservedOf(api, ['c1', 'r1']);
    expect([c1!.reservedMicros, r1!.reservedMicros]).toEqual([held(0), held(1)]);
    await expectBalancesAreTheirPostings(api, ['c1', 'r1']);
  }, 60_000);
});
