// Proves lease grants and top-ups on DynamoDB Local: every level (customer and each reseller) must cover its part or nothing is reserved (naming the level short of funds); many concurrent grants from three edges on one account never reserve more than is available; a retried grant is a replay and another content is `lease_exists`; a top-up reserves at every level and replays by its id.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { micros } from '../../core/money/micros';
import type { LeaseStore } from '../../functions/shared/dynamo/lease-store';
import { startTestApi, type TestApi } from '../support/api';
import { expectBalancesAreTheirPostings, reservedOf } from './support';

let api: TestApi;
let leases: LeaseStore;

beforeAll(async () => {
  api = await startTestApi();
  leases = api.deps.cdrs.rater.leases;
});
afterAll(() => api.close());

describe('lease grant', () => {
  it('reserves at the customer and every reseller level, available drops by the same', async () => {
    const before = await reservedOf(api, ['c3', 'r1a', 'r1']);
    const granted = await leases.grant({
      leaseId: randomUUID(),
      accountId: 'c3',
      edgeId: 'edge-a',
      amountMicros: 2_000_000,
    });
    expect(granted.ok && granted.lease.levels.map((l) => [l.accountId, l.reservedMicros])).toEqual([
      ['c3', 2_000_000],
      ['r1a', 2_000_000],
      ['r1', 2_000_000],
    ]);
    const after = await reservedOf(api, ['c3', 'r1a', 'r1']);
    for (const [index, level] of after.entries()) {
      expect(level.reservedMicros - before[index]!.reservedMicros).toBe(2_000_000);
      expect(before[index]!.availableMicros - level.availableMicros).toBe(2_000_000);
      expect(level.balanceMicros).toBe(before[index]!.balanceMicros);
    }
  });

  it('is refused when any level lacks funds, naming it, and reserves nothing', async () => {
    // r1a keeps 1.00 available: a 3.00 lease for c3 (who has 10.00) fails at r1a.
    const r1a = (await reservedOf(api, ['r1a']))[0]!;
    const charge = await api.deps.ledger.post({
      floor: 'must_not_overdraw',
      postings: [
        {
          accountId: 'r1a',
          amountMicros: micros(-(r1a.availableMicros - 1_000_000)),
          kind: 'charge',
          idempotencyKey: `drain-${randomUUID()}`,
          reference: 'test: leave 1.00',
          actor: 'user:test',
        },
      ],
    });
    expect(charge.ok).toBe(true);
    const before = await reservedOf(api, ['c3', 'r1a', 'r1']);
    const refused = await leases.grant({
      leaseId: randomUUID(),
      accountId: 'c3',
      edgeId: 'edge-a',
      amountMicros: 3_000_000,
    });
    expect(refused).toMatchObject({ ok: false, code: 'insufficient_funds', accountId: 'r1a' });
    expect(await reservedOf(api, ['c3', 'r1a', 'r1'])).toEqual(before);
    const customerShort = await leases.grant({
      leaseId: randomUUID(),
      accountId: 'c3',
      edgeId: 'edge-a',
      amountMicros: 50_000_000,
    });
    expect(customerShort).toMatchObject({ ok: false, code: 'insufficient_funds', accountId: 'c3' });
  });

  it('never over-reserves under concurrent grants from three edges', async () => {
    const c4 = (await reservedOf(api, ['c4']))[0]!;
    const amount = 700_000;
    const grants = Array.from({ length: 45 }, (_, i) =>
      leases.grant({
        leaseId: randomUUID(),
        accountId: 'c4',
        edgeId: `edge-${i % 3}`,
        amountMicros: amount,
      }),
    );
    const results = await Promise.all(grants);
    const granted = results.filter((r) => r.ok).length;
    const refused = results.filter((r) => !r.ok);
    expect(refused.every((r) => !r.ok && r.code === 'insufficient_funds')).toBe(true);
    expect(granted).toBe(Math.floor(c4.availableMicros / amount));
    const after = (await reservedOf(api, ['c4']))[0]!;
    expect(after.reservedMicros - c4.reservedMicros).toBe(granted * amount);
    expect(after.availableMicros).toBeGreaterThanOrEqual(0);
    expect(after.availableMicros).toBeLessThan(amount);
  }, 60_000);

  it('answers a retried grant with the same lease and refuses other content', async () => {
    const request = { leaseId: randomUUID(), accountId: 'c1', edgeId: 'edge-a', amountMicros: 1_000_000 };
    const first = await leases.grant(request);
    const before = await reservedOf(api, ['c1', 'r1']);
    const again = await leases.grant(request);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await reservedOf(api, ['c1', 'r1'])).toEqual(before);
    const racing = await Promise.all([1, 2, 3].map(() => leases.grant({ ...request, leaseId: `${request.leaseId}-r` })));
    expect(racing.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect(racing.every((r) => r.ok)).toBe(true);
    expect(await leases.grant({ ...request, amountMicros: 2_000_000 })).toMatchObject({
      ok: false,
      code: 'lease_exists',
      field: 'amountMicros',
    });
    expect(await leases.grant({ ...request, edgeId: 'edge-b' })).toMatchObject({
      ok: false,
      code: 'wrong_edge',
    });
  });

  it('tops up every level once per top-up id', async () => {
    const leaseId = randomUUID();
    await leases.grant({ leaseId, accountId: 'c1', edgeId: 'edge-a', amountMicros: 1_000_000 });
    const before = await reservedOf(api, ['c1', 'r1']);
    const topUp = { topUpId: 't1', amountMicros: 500_000 };
    const first = await leases.topUp('edge-a', leaseId, topUp);
    const again = await leases.topUp('edge-a', leaseId, topUp);
    expect(first.ok && first.lease.levels.map((l) => l.reservedMicros)).toEqual([1_500_000, 1_500_000]);
    expect(again).toMatchObject({ ok: true, replayed: true });
    const after = await reservedOf(api, ['c1', 'r1']);
    expect(after.map((l, i) => l.reservedMicros - before[i]!.reservedMicros)).toEqual([500_000, 500_000]);
    expect(await leases.topUp('edge-b', leaseId, { topUpId: 't2', amountMicros: 1 })).toMatchObject({
      ok: false,
      code: 'wrong_edge',
    });
    expect(await leases.topUp('edge-a', 'nope', { topUpId: 't2', amountMicros: 1 })).toMatchObject({
      ok: false,
      code: 'lease_not_found',
    });
  });

  it('leaves every balance equal to the sum of its postings', async () => {
    await expectBalancesAreTheirPostings(api, ['c1', 'c3', 'c4', 'r1', 'r1a', 'r2']);
  });
});
