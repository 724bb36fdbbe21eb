/**
 * E.164 normalization of a dialled number, after the account's translation rules and before
 * rating: international prefixes (`+`, and the country's own: `00`, `011`, …) are removed, and a
 * national number (starting with the country's trunk prefix, or of the country's fixed national
 * length) gets the country code. Anything else is taken as already international.
 */

export interface DialingPlan {
  /** Country calling code, e.g. '44'; '' when the account has no country. */
  readonly countryCode: string;
  /** National trunk prefix ('0' in most of Europe, '1' in NANP; '' where there is none). */
  readonly trunkPrefix: string;
  /** International call prefixes, e.g. ['00'] or ['011']. `+` always counts. */
  readonly internationalPrefixes: readonly string[];
  /** Digits of a national number dialled without trunk prefix (NANP: 10); 0 = not fixed. */
  readonly nationalDigits: number;
}

/** An account without a country: strip `+`, `00` and `011`, add nothing. */
export const NO_COUNTRY_PLAN: DialingPlan = {
  countryCode: '',
  trunkPrefix: '',
  internationalPrefixes: ['00', '011'],
  nationalDigits: 0,
};

const europe = (countryCode: string): DialingPlan => ({
  countryCode,
  trunkPrefix: '0',
  internationalPrefixes: ['00'],
  nationalDigits: 0,
});
const nanp: DialingPlan = {
  countryCode: '1',
  trunkPrefix: '1',
  internationalPrefixes: ['011'],
  nationalDigits: 10,
};

/** Plans by ISO 3166 country; extend here (one line per country) as operators need them. */
export const DIALING_PLANS: Readonly<Record<string, DialingPlan>> = {
  US: nanp,
  CA: nanp,
  GB: europe('44'),
  DE: europe('49'),
  FR: europe('33'),
  NL: europe('31'),
  // Italy keeps its leading 0 inside E.164 numbers: no trunk prefix to remove.
  IT: { countryCode: '39', trunkPrefix: '', internationalPrefixes: ['00'], nationalDigits: 0 },
  ES: { countryCode: '34', trunkPrefix: '', internationalPrefixes: ['00'], nationalDigits: 9 },
  IN: europe('91'),
  AU: { countryCode: '61', trunkPrefix: '0', internationalPrefixes: ['0011'], nationalDigits: 0 },
  JP: { countryCode: '81', trunkPrefix: '0', internationalPrefixes: ['010'], nationalDigits: 0 },
};

export type NormalizeResult =
  | { readonly ok: true; readonly digits: string }
  | { readonly ok: false; readonly code: 'invalid_number'; readonly message: string };

const DIGITS = /^[0-9]{1,20}$/;

export function normalizeNumber(number: string, plan: DialingPlan): NormalizeResult {
  const trimmed = number.replace(/[\s\-().]/g, '');
  const digits = toInternational(trimmed, plan);
  if (!DIGITS.test(digits)) {
    const message = `"${number}" is not a number of 1–20 digits`;
    return { ok: false, code: 'invalid_number', message };
  }
  return { ok: true, digits };
}

function toInternational(number: string, plan: DialingPlan): string {
  if (number.startsWith('+')) return number.slice(1);
  const prefix = longestPrefixOf(number, plan.internationalPrefixes);
  if (prefix !== undefined) return number.slice(prefix.length);
  if (plan.countryCode === '') return number;
  if (plan.trunkPrefix !== '' && number.startsWith(plan.trunkPrefix)) {
    return plan.countryCode + number.slice(plan.trunkPrefix.length);
  }
  const national = plan.nationalDigits > 0 && number.length === plan.nationalDigits;
  return national ? plan.countryCode + number : number;
}

/**
 * The longest of `prefixes` that `number` starts with (the first listed among equally long
 * ones), found in place: every call is normalized, so no sorted copy per call.
 */
function longestPrefixOf(number: string, prefixes: readonly string[]): string | undefined {
  let longest: string | undefined;
  for (const candidate of prefixes) {
    if (number.startsWith(candidate) && (longest === undefined || candidate.length > longest.length)) longest = candidate;
  }
  return longest;
}
