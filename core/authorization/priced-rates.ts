/**
 * A rate group's sell rates as the chain prices them (terms, the group's pricing and currency),
 * one object per deck terms entry, built on first use and kept with the snapshot. Every call's
 * chain levels hold them for the life of the call's lease hold: shared, they are not copied by
 * each young-generation GC the way a per-call object is.
 */
import type { PricedRate } from '../chain/prices';
import type { RateGroupPricing, RateTerms } from '../rating/rate';

export class PricedRates {
  // Keyed by the deck's terms objects (one per distinct terms entry, cached by the deck), so
  // this holds at most what the group's decks already hold.
  private readonly byTerms = new Map<RateTerms, PricedRate>();

  constructor(
    private readonly pricing: RateGroupPricing,
    private readonly currency: string,
  ) {}

  of(terms: RateTerms): PricedRate {
    const known = this.byTerms.get(terms);
    if (known !== undefined) return known;
    const rate: PricedRate = { terms, pricing: this.pricing, currency: this.currency };
    this.byTerms.set(terms, rate);
    return rate;
  }
}
