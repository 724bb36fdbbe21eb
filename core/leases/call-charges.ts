/**
 * A call's cost at every level of its chain for `seconds`, priced by the rater's own function
 * (`chainPrices`), as the purse holds it (at the authorized maximum) and settles it (at the
 * seconds billed). The carrier and operator figures are not needed here, so the top level's own
 * rate and currency stand in for them.
 */
import type { ConversionTable } from '../chain/currency';
import { chainPrices, type ChainLevel } from '../chain/prices';
import { refusal, type LeaseRefusal } from './lease';
import type { LeaseCharge } from './settle';

export function callChargesOf(
  levels: readonly ChainLevel[],
  table: ConversionTable,
  seconds: number,
): LeaseCharge[] | LeaseRefusal {
  const top = levels[levels.length - 1];
  if (top === undefined) return refusal('chain_mismatch', 'a call has at least the customer level');
  const call = { levels, carrier: top.rate, operatorCurrency: top.currency, seconds };
  const priced = chainPrices(call, table);
  if (!priced.ok) return refusal('no_exchange_rate', priced.message);
  return priced.charges.map((c) => ({ accountId: c.account, chargeMicros: c.chargeMicros }));
}
