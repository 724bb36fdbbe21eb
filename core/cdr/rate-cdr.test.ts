// Proves the pure pricing of one CDR: 0 seconds charge nothing, an on-net call costs the local per-minute charge by the second (rounded once), a chain charges each level at its own rate, and the carrier is priced at the trunk row (cost converted to the operator currency, margin on an A-leg, a flag for an unknown trunk).
import { describe, expect, it } from 'vitest';
import { ConversionTable } from '../chain/currency';
import type { NormalizedCdr } from '../freeswitch/normalized-cdr';
import { NO_MARKUP } from '../rating/rate';
import { rateCarrierLeg, rateLocalCall, rateNotBilled, rateThroughChain } from './rate-cdr';

const CDR = {
  uuid: 'u1',
  callUuid: 'u1',
  leg: 'a',
  caller: '1001',
  callee: '442071234567',
  startedAtEpochMs: 0,
  answeredAtEpochMs: 1_000,
  endedAtEpochMs: 61_000,
  billsec: 60,
  hangupCause: 'NORMAL_CLEARING',
  tollgate: null,
} as unknown as NormalizedCdr;

const perMinute = (micros: number) => ({
  connectMicros: 0,
  includedSeconds: 0,
  perMinuteMicros: micros,
  initialIncrementSeconds: 0,
  incrementSeconds: 0,
});

describe('rating one CDR', () => {
  it('charges nothing for 0 seconds', () => {
    const outcome = rateNotBilled(CDR, 'c1');
    expect(outcome).toMatchObject({ ok: true, rated: { charges: [], chargedSeconds: 0 } });
  });

  it('prices an on-net call by the second at the local rate, rounded once', () => {
    const outcome = rateLocalCall(CDR, { accountId: 'c1', currency: 'USD' }, 7, 10);
    // 7 s × 10 micros/min / 60 = 1.1666… → 1 micro.
    expect(outcome.ok && outcome.rated.charges).toEqual([
      { accountId: 'c1', currency: 'USD', chargeMicros: 1 },
    ]);
  });

  it('charges the customer and each reseller at its own rate', () => {
    const table = ConversionTable.parse([]);
    if (!table.ok) throw new Error(table.message);
    const levels = [
      {
        account: 'c1',
        currency: 'USD',
        rate: { terms: perMinute(27_000), pricing: NO_MARKUP, currency: 'USD' },
      },
      {
        account: 'r1',
        currency: 'USD',
        rate: { terms: perMinute(15_000), pricing: NO_MARKUP, currency: 'USD' },
      },
    ];
    const selection = { version: 'v', prefix: '4420', window: '' };
    const chain = {
      levels,
      selection,
      recorded: false,
      table: table.table,
      operatorCurrency: 'USD',
    };
    const outcome = rateThroughChain(CDR, 'c1', 60, chain);
    expect(outcome).toMatchObject({
      ok: true,
      rated: {
        charges: [
          { accountId: 'c1', chargeMicros: 27_000 },
          { accountId: 'r1', chargeMicros: 15_000 },
        ],
        revenueMicros: 15_000,
        basis: { kind: 'deck', prefix: '4420', recorded: false },
      },
    });
  });

  it('prices the carrier at the trunk row: A-leg cost and margin, B-leg cost alone', () => {
    const table = ConversionTable.parse([{ from: 'EUR', to: 'USD', rate: '1.1' }]);
    if (!table.ok) throw new Error(table.message);
    const carrier = {
      trunk: 't1',
      selection: { version: 'tv', prefix: '44', window: '' },
      terms: perMinute(9_000),
      currency: 'EUR',
    };
    const level = {
      account: 'c1',
      currency: 'USD',
      rate: { terms: perMinute(27_000), pricing: NO_MARKUP, currency: 'USD' },
    };
    const chain = {
      levels: [level],
      selection: { version: 'v', prefix: '4420', window: '' },
      recorded: false,
      table: table.table,
      operatorCurrency: 'USD',
      carrier,
    };
    const aLeg = rateThroughChain(CDR, 'c1', 60, chain);
    // 9,000 EUR micros = 9,900 USD micros; revenue 27,000 − 9,900 = 17,100.
    expect(aLeg).toMatchObject({
      ok: true,
      rated: {
        carrier: { trunk: 't1', prefix: '44', currency: 'EUR', costMicros: 9_000 },
        carrierCostMicros: 9_900,
        marginMicros: 17_100,
      },
    });
    const conversion = { table: table.table, operatorCurrency: 'USD' };
    const bLeg = rateCarrierLeg({ ...CDR, leg: 'b' }, 'c1', 30, carrier, conversion);
    expect(bLeg).toMatchObject({ ok: true, rated: { charges: [], carrierCostMicros: 4_950 } });
    expect(bLeg.ok && bLeg.rated.marginMicros).toBeUndefined();
    const unknown = rateCarrierLeg({ ...CDR, leg: 'b' }, 'c1', 30, 'unknown_trunk', conversion);
    expect(unknown).toMatchObject({ ok: true, rated: { carrierCostUnknown: 'unknown_trunk' } });
  });
});
