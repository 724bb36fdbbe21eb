// Proves reseller-chain prices across two currencies (EUR customer, USD reseller and operator),
// the conversion rounding rule and its inverse, and that chain max seconds is the minimum over
// levels and the largest duration every level can pay (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_MARKUP, type RateTerms } from '../rating/rate';
import { ConversionTable } from './currency';
import { chainMaxSeconds, chainPrices, operatorRevenueMicros, type ChainLevel } from './prices';

function table(...rates: [string, string, string][]): ConversionTable {
  const parsed = ConversionTable.parse(rates.map(([from, to, rate]) => ({ from, to, rate })));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.table;
}

const perSecond = (perMinuteMicros: number, extra: Partial<RateTerms> = {}): RateTerms => ({
  connectMicros: 0,
  includedSeconds: 0,
  perMinuteMicros,
  initialIncrementSeconds: 1,
  incrementSeconds: 1,
  ...extra,
});

// 1 EUR = 1.08 USD. The customer (EUR) buys at the reseller's 0.020 USD/min; the reseller (USD)
// buys at the operator's 0.010 USD/min; the carrier charges 0.006 USD/min.
const rates = table(['EUR', 'USD', '1.08']);
const customer: ChainLevel = {
  account: 'customer',
  currency: 'EUR',
  rate: { terms: perSecond(20_000), pricing: NO_MARKUP, currency: 'USD' },
  availableMicros: 100_000,
};
const reseller: ChainLevel = {
  account: 'reseller',
  currency: 'USD',
  rate: { terms: perSecond(10_000), pricing: NO_MARKUP, currency: 'USD' },
  availableMicros: 50_000,
};
const carrier = { terms: perSecond(6_000), pricing: NO_MARKUP, currency: 'USD' };

describe('conversion', () => {
  it('rounds half away from zero once, and inverts exactly', () => {
    const half = table(['EUR', 'USD', '1.5']);
    // 1 micro EUR × 1.5 = 1.5 → 2; −1 → −2; 3 micro USD ÷ 1.5 = 2 exactly.
    expect(half.convert(1, 'EUR', 'USD')).toEqual({ ok: true, micros: 2 });
    expect(half.convert(-1, 'EUR', 'USD')).toEqual({ ok: true, micros: -2 });
    expect(half.convert(3, 'USD', 'EUR')).toEqual({ ok: true, micros: 2 });
    expect(half.convert(5, 'USD', 'GBP')).toMatchObject({ ok: false, code: 'no_exchange_rate' });
  });

  it('refuses bad tables', () => {
    expect(ConversionTable.parse([{ from: 'EUR', to: 'USD', rate: '0' }])).toMatchObject({ code: 'invalid_exchange_rate' });
    expect(ConversionTable.parse([{ from: 'EUR', to: 'usd', rate: '1' }])).toMatchObject({ ok: false });
    expect(ConversionTable.parse([{ from: 'EUR', to: 'USD', rate: '1.1' }, { from: 'USD', to: 'EUR', rate: '0.9' }])).toMatchObject({ ok: false });
  });

  it('largestWithin is the largest amount whose conversion fits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000_000 }), fc.integer({ min: 0, max: 10 ** 9 }), (rateUnits, limit) => {
        const t = table(['EUR', 'USD', (rateUnits / 1e9).toFixed(9)]);
        const within = t.largestWithin(limit, 'USD', 'EUR');
        if (!within.ok) throw new Error('rate');
        const at = t.convert(within.micros, 'USD', 'EUR');
        const above = t.convert(within.micros + 1, 'USD', 'EUR');
        expect(at.ok && at.micros <= limit).toBe(true);
        expect(above.ok && above.micros > limit).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('chain prices', () => {
  it('charges each level in its own currency and the carrier in its own', () => {
    const prices = chainPrices({ levels: [customer, reseller], carrier, operatorCurrency: 'USD', seconds: 90 }, rates);
    if (!prices.ok) throw new Error(prices.message);
    // Customer: 90 s × 0.020/60 = 0.030000 USD → ÷ 1.08 = 0.0277777… EUR → 0.027778 EUR.
    // Reseller: 90 s × 0.010/60 = 0.015000 USD. Carrier: 90 s × 0.006/60 = 0.009000 USD.
    expect(prices.charges).toEqual([
      { account: 'customer', currency: 'EUR', billableSeconds: 90, rateCurrencyMicros: 30_000, chargeMicros: 27_778 },
      { account: 'reseller', currency: 'USD', billableSeconds: 90, rateCurrencyMicros: 15_000, chargeMicros: 15_000 },
    ]);
    expect(prices.carrierCostMicros).toBe(9_000);
    // The operator receives the reseller's 0.015000 and pays 0.009000: margin 0.006000.
    expect(prices.operator).toEqual({ currency: 'USD', revenueMicros: 15_000, carrierCostMicros: 9_000, marginMicros: 6_000 });
  });

  it('reports the operator revenue in another currency for no-loss routing', () => {
    // 60 s: reseller pays 0.010000 USD → in EUR 0.010 ÷ 1.08 = 0.009259259… → 0.009259.
    expect(operatorRevenueMicros([customer, reseller], rates, 'EUR')(60)).toBe(9_259);
  });

  it('limits the call to what the poorest level can pay', () => {
    // Customer: 0.100000 EUR buys at most 108,000 micro USD (108,000 ÷ 1.08 = 100,000);
    // at 0.020/min, 324 s cost 108,000 and 325 s cost 108,333: 324 s.
    // Reseller: 0.050000 USD at 0.010/min: 300 s cost 50,000 and 301 s 50,167: 300 s.
    expect(chainMaxSeconds([customer], rates, 10_800)).toEqual({ ok: true, maxSeconds: 324, limitedBy: 'customer' });
    expect(chainMaxSeconds([customer, reseller], rates, 10_800)).toEqual({ ok: true, maxSeconds: 300, limitedBy: 'reseller' });
    expect(chainMaxSeconds([{ ...reseller, availableMicros: -1 }], rates, 10_800)).toMatchObject({ maxSeconds: 0 });
    expect(chainMaxSeconds([{ ...reseller, availableMicros: undefined }], rates, 10_800)).toMatchObject({ maxSeconds: 10_800 });
  });

  it('max seconds is affordable by every level and one more second is not (property)', () => {
    const level = fc.record({
      perMinute: fc.integer({ min: 1, max: 500_000 }),
      connect: fc.integer({ min: 0, max: 50_000 }),
      available: fc.integer({ min: 0, max: 2_000_000 }),
      eur: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 4 }), (specs) => {
        const levels: ChainLevel[] = specs.map((spec, index) => ({
          account: `L${index}`,
          currency: spec.eur ? 'EUR' : 'USD',
          rate: { terms: perSecond(spec.perMinute, { connectMicros: spec.connect }), pricing: NO_MARKUP, currency: 'USD' },
          availableMicros: spec.available,
        }));
        const max = chainMaxSeconds(levels, rates, 10_800);
        if (!max.ok) throw new Error('rates');
        const chargesAt = (seconds: number) => {
          const prices = chainPrices({ levels, carrier, operatorCurrency: 'USD', seconds }, rates);
          if (!prices.ok) throw new Error('rates');
          return prices.charges;
        };
        if (max.maxSeconds > 0) {
          chargesAt(max.maxSeconds).forEach((charge, i) => expect(charge.chargeMicros).toBeLessThanOrEqual(specs[i]?.available ?? 0));
        }
        if (max.maxSeconds < 10_800) {
          const over = chargesAt(max.maxSeconds + 1).some((charge, i) => charge.chargeMicros > (specs[i]?.available ?? 0));
          expect(over).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
