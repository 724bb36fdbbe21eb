// Proves a group's priced rates are built once per deck terms entry and carry the group's
// pricing and currency: calls share them instead of each keeping its own copy.
import { describe, expect, it } from 'vitest';
import type { RateTerms } from '../rating/rate';
import { PricedRates } from './priced-rates';

const pricing = { markupUnits: 200_000, defaultInitialIncrementSeconds: 0, defaultIncrementSeconds: 6 };
const terms = (perMinuteMicros: number): RateTerms => ({
  connectMicros: 0,
  includedSeconds: 0,
  perMinuteMicros,
  initialIncrementSeconds: 1,
  incrementSeconds: 1,
});

describe('PricedRates', () => {
  it('prices terms with the group pricing and currency, one object per terms entry', () => {
    const rates = new PricedRates(pricing, 'EUR');
    const cheap = terms(10_000);
    const dear = terms(90_000);
    expect(rates.of(cheap)).toEqual({ terms: cheap, pricing, currency: 'EUR' });
    expect(rates.of(cheap)).toBe(rates.of(cheap));
    expect(rates.of(dear)).not.toBe(rates.of(cheap));
    expect(rates.of(dear).terms).toBe(dear);
  });
});
