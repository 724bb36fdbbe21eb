/**
 * A seeded synthetic rate deck shaped like real A–Z decks: country codes of 1–3 digits, each
 * with a country-wide row and many longer area/mobile prefixes (up to 9 digits), unique
 * prefixes, realistic money values. Used by the benchmarks; deterministic for a seed.
 */
import { seededRandom } from './harness';

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
export function* syntheticRates(count: number, seed: number): Generator<SyntheticRate> {
  const random = seededRandom(seed);
  const perCountry = Math.ceil(count / COUNTRY_CODES.length);
  let produced = 0;
  for (const country of COUNTRY_CODES) {
    const seen = new Set<string>();
    for (let index = 0; index < perCountry && produced < count; index += 1) {
      const prefix = index === 0 ? country : uniqueSubPrefix(country, seen, random);
      seen.add(prefix);
      produced += 1;
      yield {
        prefix,
        destination: index === 0 ? `Country ${country}` : `Country ${country} area ${prefix.slice(country.length, country.length + 3)}`,
        connectMicros: random() < 0.2 ? Math.floor(random() * 50) * 1_000 : 0,
        perMinuteMicros: 1_000 + Math.floor(random() * 400) * 1_000,
        initialIncrementSeconds: [0, 1, 6, 30, 60][Math.floor(random() * 5)] ?? 0,
        incrementSeconds: [1, 6, 60][Math.floor(random() * 3)] ?? 1,
      };
    }
  }
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
