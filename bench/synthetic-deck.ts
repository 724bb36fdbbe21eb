/**
 * A seeded synthetic rate deck shaped like real A–Z decks: country codes of 1–3 digits, each
 * with a country-wide row and many longer area/mobile prefixes (up to 9 digits), unique
 * prefixes, realistic money values. Used by the benchmarks; deterministic for a seed.
 *
 * Prices (`terms`):
 * - `realistic` (the default): each country has `DESTINATIONS_PER_COUNTRY` destinations (fixed
 *   areas, mobile networks, premium/special ranges), each with one price and increments, and
 *   every prefix belongs to one of them by its area code. That is how A–Z decks are built: a
 *   carrier's deck lists a destination's price once per dial code, so a 1M-prefix deck (mostly
 *   NANP NPA-NXX and European/Asian mobile ranges) has a few thousand distinct destination/price
 *   combinations (118 countries × 24 = 2,832 here), not a million. Public wholesale A–Z decks
 *   list roughly 1,500–3,500 destinations.
 * - `all-distinct`: every prefix gets a random price of its own (and a destination per 3-digit
 *   area) — about 1M distinct terms, the worst case for the terms table (each CDR's terms miss
 *   the cache). This is what the deck looked like before it had the realistic variant.
 *   The benchmarks report it too (`rate.cdr.all-distinct`), so the realistic figure is not the
 *   only one.
 * Prefixes are drawn from the seed's stream and prices from a second one, so both variants
 * have exactly the same prefixes (the same trie).
 */
import { seededRandom } from './harness';

export type TermsCardinality = 'realistic' | 'all-distinct';

/** Destinations (each one price) per country in the realistic deck. */
export const DESTINATIONS_PER_COUNTRY = 24;

export interface SyntheticRate {
  readonly prefix: string;
  readonly destination: string;
  readonly connectMicros: number;
  readonly perMinuteMicros: number;
  readonly initialIncrementSeconds: number;
  readonly incrementSeconds: number;
}

const COUNTRY_CODES = [
  '1', '7', '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46',
  '47', '48', '49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64',
  '65', '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98', '212', '213', '216',
  '218', '220', '221', '233', '234', '254', '255', '256', '260', '263', '351', '352', '353', '354',
  '355', '356', '357', '358', '359', '370', '371', '372', '373', '374', '375', '380', '381', '385',
  '386', '387', '420', '421', '502', '503', '504', '505', '506', '507', '591', '593', '595', '598',
  '852', '853', '855', '856', '880', '886', '960', '961', '962', '963', '964', '965', '966', '971',
  '972', '973', '974', '975', '976', '977', '992', '993', '994', '995', '996', '998',
];

/** Yields `count` unique rates (country rows first within each country's block). */
export function* syntheticRates(
  count: number,
  seed: number,
  terms: TermsCardinality = 'realistic',
): Generator<SyntheticRate> {
  const random = seededRandom(seed);
  const prices = seededRandom(seed ^ 0x5bd1e995);
  const perCountry = Math.ceil(count / COUNTRY_CODES.length);
  let produced = 0;
  for (const country of COUNTRY_CODES) {
    const seen = new Set<string>();
    const destinations = Array.from({ length: DESTINATIONS_PER_COUNTRY }, (_, d) =>
      priced(prices, `Country ${country} ${d === 0 ? 'fixed' : `destination ${d}`}`),
    );
    for (let index = 0; index < perCountry && produced < count; index += 1) {
      const prefix = index === 0 ? country : uniqueSubPrefix(country, seen, random);
      seen.add(prefix);
      produced += 1;
      if (terms === 'all-distinct') {
        const area = prefix.slice(country.length, country.length + 3);
        yield { prefix, ...priced(prices, index === 0 ? `Country ${country}` : `Country ${country} area ${area}`) };
      } else {
        yield { prefix, ...(destinations[destinationOf(country, prefix)] as Priced) };
      }
    }
  }
}

type Priced = Omit<SyntheticRate, 'prefix'>;

function priced(random: () => number, destination: string): Priced {
  return {
    destination,
    connectMicros: random() < 0.2 ? Math.floor(random() * 50) * 1_000 : 0,
    perMinuteMicros: 1_000 + Math.floor(random() * 400) * 1_000,
    initialIncrementSeconds: [0, 1, 6, 30, 60][Math.floor(random() * 5)] ?? 0,
    incrementSeconds: [1, 6, 60][Math.floor(random() * 3)] ?? 1,
  };
}

/** The destination of a prefix: by its area code (the two digits after the country code). */
function destinationOf(country: string, prefix: string): number {
  if (prefix.length === country.length) return 0;
  const area = Number(prefix.slice(country.length, country.length + 2));
  return area % DESTINATIONS_PER_COUNTRY;
}

function uniqueSubPrefix(country: string, seen: Set<string>, random: () => number): string {
  for (;;) {
    const extra = 2 + Math.floor(random() * (9 - country.length - 1));
    let prefix = country;
    for (let digit = 0; digit < extra; digit += 1) prefix += String(Math.floor(random() * 10));
    if (!seen.has(prefix)) return prefix;
  }
}

/** Dialled numbers drawn Zipf-like over the deck's prefixes (real traffic is skewed). */
export function zipfNumbers(prefixes: readonly string[], count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const numbers: string[] = [];
  for (let index = 0; index < count; index += 1) {
    // Inverse-CDF of a Zipf(s≈1) over ranks: rank = n^u, then a random tail of digits.
    const rank = Math.min(prefixes.length - 1, Math.floor(prefixes.length ** random()) - 1);
    let number = prefixes[rank] ?? '1';
    while (number.length < 11) number += String(Math.floor(random() * 10));
    numbers.push(number);
  }
  return numbers;
}
