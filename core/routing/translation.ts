/**
 * Number translation rules, defined once for accounts (inbound, before rating) and trunks
 * (outbound). The text format is ASTPP's: comma-separated quoted entries, each a `match/replace`
 * pair, e.g. `"0044/44","011/"` (a star as match, `"STAR/9"` with STAR = `*`, prefixes 9).
 *
 * - `match` is a literal prefix of digits (a leading `+` allowed); `*` matches every number.
 * - `replace` takes the matched prefix's place; empty or `*` removes the prefix. With match `*`,
 *   `replace` is put in front of the whole number.
 * - Rules apply in order, each to the result of the previous one (ASTPP's `do_number_translation`).
 */

export interface TranslationRule {
  /** Literal prefix, or '*' for every number. */
  readonly match: string;
  /** What replaces the matched prefix ('' removes it). */
  readonly replace: string;
}

export type TranslationParse =
  | { readonly ok: true; readonly rules: readonly TranslationRule[] }
  | { readonly ok: false; readonly code: 'invalid_translation'; readonly message: string };

/** Rules per account or trunk: a limit so that a typo cannot turn every call into a loop. */
export const MAX_TRANSLATION_RULES = 64;

const QUOTED = /^"([^"]*)"$/;
const AFFIX = /^\+?[0-9]*$/;

/**
 * Reads ASTPP's `"match/replace"` entries; the same rules may also be written as plain pairs
 * `"match","replace"` (no slashes anywhere), which is how some exports spell them.
 */
export function parseTranslationRules(text: string): TranslationParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, rules: [] };
  const entries: string[] = [];
  for (const raw of trimmed.split(',')) {
    const quoted = QUOTED.exec(raw.trim());
    if (quoted === null) return fail(`${raw.trim()} is not a quoted "match/replace" entry`);
    entries.push(quoted[1] ?? '');
  }
  const slashed = entries.filter((entry) => entry.includes('/')).length;
  let pairs: [string, string][];
  if (slashed === entries.length) {
    pairs = entries.map((entry) => entry.split('/') as [string, string]);
  } else if (slashed === 0 && entries.length % 2 === 0) {
    pairs = entries.flatMap((entry, i) => (i % 2 === 0 ? [[entry, entries[i + 1] ?? '']] : []));
  } else {
    return fail('write every rule as "match/replace", or every rule as a "match","replace" pair');
  }
  return rulesOf(pairs);
}

function rulesOf(pairs: readonly [string, string][]): TranslationParse {
  const rules: TranslationRule[] = [];
  for (const pair of pairs) {
    if (pair.length !== 2) return fail(`"${pair.join('/')}" has more than one /`);
    const [from, to] = pair;
    if (from === '' || (from !== '*' && !AFFIX.test(from))) {
      return fail(`"${from}/${to}": the match must be digits (optionally after +) or *`);
    }
    if (to !== '*' && !AFFIX.test(to)) {
      return fail(`"${from}/${to}": the replacement must be digits or *`);
    }
    rules.push({ match: from, replace: to === '*' ? '' : to });
  }
  if (rules.length > MAX_TRANSLATION_RULES) return fail(`more than ${MAX_TRANSLATION_RULES} rules`);
  return { ok: true, rules };
}

/** The canonical text of `rules` (parseTranslationRules(formatTranslationRules(r)) = r). */
export function formatTranslationRules(rules: readonly TranslationRule[]): string {
  return rules.map((rule) => `"${rule.match}/${rule.replace}"`).join(',');
}

export function translateNumber(number: string, rules: readonly TranslationRule[]): string {
  let result = number;
  for (const rule of rules) {
    if (rule.match === '*') result = rule.replace + result;
    else if (result.startsWith(rule.match)) result = rule.replace + result.slice(rule.match.length);
  }
  return result;
}

function fail(message: string): TranslationParse {
  return { ok: false, code: 'invalid_translation', message };
}
