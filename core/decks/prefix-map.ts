/**
 * Longest-prefix match over a plain Map: the simple reference lookup (and the one the CLI
 * uses for a single deck). The compiled binary trie must agree with it.
 */
import type { DeckRate } from './deck-rate';
import { MAX_CODE_DIGITS } from './cells';

export function longestPrefixLookup(
  rates: readonly DeckRate[],
): (digits: string) => DeckRate | undefined {
  const byPrefix = new Map(rates.map((rate) => [rate.prefix, rate]));
  return (digits) => {
    for (let length = Math.min(digits.length, MAX_CODE_DIGITS); length > 0; length -= 1) {
      const rate = byPrefix.get(digits.slice(0, length));
      if (rate !== undefined) return rate;
    }
    return undefined;
  };
}
