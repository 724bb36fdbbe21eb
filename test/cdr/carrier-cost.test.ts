// Proves the carrier side over real HTTP on DynamoDB Local: a leg naming its trunk (tollgate_trunk) is priced at that trunk's termination rate (the demo's t1: 0.009/min to the UK) — the A-leg with its margin, the B-leg with its cost and no charge — an unknown trunk (or no row on it) leaves the CDR rated with its cost flagged unknown; a B-leg without tollgate_trunk is priced by the trunk its FreeSWITCH gateway names (id, else unique name).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { londonCall } from '../support/london-call';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function post(cdrs: unknown[]) {
  const response = await api.request('POST', '/edge/cdrs', {
    apiKey: api.seed.edgeApiKey,
    body: { cdrs },
  });
  expect(response.status, response.text).toBe(202);
}

describe('carrier cost from the trunk the leg names', () => {
  it('prices an A-leg that names its trunk: cost and margin beside the charges', async () => {
    // Prepare: a one-minute London call of c1 that went out on t1.
    const call = londonCall({ cdr: { tollgate: { account: 'c1', trunk: 't1' } } });
    // Act
    await post([call]);
    // Assess: r1 pays rg-op's 0.015/min (revenue), t1 costs 0.009/min: margin 0.006.
    const item = await api.deps.cdrs.rater.cdrs.get(call.cdr.uuid);
    expect(item).toMatchObject({
      status: 'rated',
      revenueMicros: 15_000,
      carrierCostMicros: 9_000,
      marginMicros: 6_000,
      carrier: { trunk: 't1', prefix: '44', currency: 'USD', costMicros: 9_000 },
    });
  });

  it('prices a B-leg at its route prefix on its trunk and charges nobody for it', async () => {
    // Prepare: the carrier leg of a call (billsec 30 on t2), its A-leg without a trunk.
    const a = londonCall();
    const b = londonCall({
      billsec: 30,
      cdr: {
        leg: 'b',
        direction: 'outbound',
        callUuid: a.cdr.uuid,
        callee: '9#442071234567',
        tollgate: { account: 'c1', trunk: 't2', routePrefix: '44' },
      },
    });
    const before = (await api.deps.cdrs.rater.ledger.getBalance('c1'))!.balanceMicros;
    // Act
    await post([a, b]);
    // Assess: t2's 0.012/min for 30 s; only the A-leg is charged.
    const leg = await api.deps.cdrs.rater.cdrs.get(b.cdr.uuid);
    expect(leg).toMatchObject({ status: 'rated', charges: [], carrierCostMicros: 6_000 });
    expect(leg?.carrier).toMatchObject({ trunk: 't2', prefix: '44', costMicros: 6_000 });
    const aLeg = await api.deps.cdrs.rater.cdrs.get(a.cdr.uuid);
    expect(aLeg?.carrierCostMicros).toBeUndefined();
    const after = (await api.deps.cdrs.rater.ledger.getBalance('c1'))!.balanceMicros;
    expect(before - after).toBe(27_000);
  });

  it('rates a leg whose trunk (or row on it) is unknown, flagging its cost unknown', async () => {
    // Prepare
    const call = londonCall({ cdr: { tollgate: { account: 'c1', trunk: 't-nowhere' } } });
    // t2 has no row for Germany (49).
    const noRow = londonCall({
      cdr: { leg: 'b', tollgate: { account: 'c1', trunk: 't2', routePrefix: '49' } },
    });
    // Act
    await post([call, noRow]);
    // Assess
    const item = await api.deps.cdrs.rater.cdrs.get(call.cdr.uuid);
    expect(item).toMatchObject({ status: 'rated', carrierCostUnknown: 'unknown_trunk' });
    expect(item?.carrierCostMicros).toBeUndefined();
    expect((item?.charges as unknown[]).length).toBe(2);
    const leg = await api.deps.cdrs.rater.cdrs.get(noRow.cdr.uuid);
    expect(leg).toMatchObject({ status: 'rated', carrierCostUnknown: 'no_termination_rate' });
  });

  it('names a B-leg trunk by its FreeSWITCH gateway when it has no tollgate_trunk', async () => {
    // Prepare: carrier legs through gateways named like t2 (its id), like t1 (its name), like
    // no trunk; and an A-leg through t1's gateway, which must not carry the cost as well.
    const b = (gateway: string) =>
      londonCall({
        billsec: 30,
        cdr: { leg: 'b', direction: 'outbound', gateway, tollgate: { account: 'c1' } },
      });
    const [byId, byName, unknown] = [b('t2'), b('Carrier One A'), b('carrier_z')];
    const aLeg = londonCall({ cdr: { gateway: 't1' } });
    // Act
    await post([byId, byName, unknown, aLeg]);
    // Assess: t2 0.012/min and t1 0.009/min for 30 s, at the callee's longest prefix (44).
    const get = (call: typeof aLeg) => api.deps.cdrs.rater.cdrs.get(call.cdr.uuid);
    expect(await get(byId)).toMatchObject({
      carrierCostMicros: 6_000,
      carrier: { trunk: 't2', prefix: '44' },
    });
    expect(await get(byName)).toMatchObject({ carrierCostMicros: 4_500, carrier: { trunk: 't1' } });
    expect(await get(unknown)).toMatchObject({ carrierCostUnknown: 'unknown_trunk', charges: [] });
    const customerLeg = await get(aLeg);
    expect(customerLeg).toMatchObject({ status: 'rated', leg: 'a' });
    expect(customerLeg?.carrierCostMicros).toBeUndefined();
    expect(customerLeg?.carrierCostUnknown).toBeUndefined();
  });
});
