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

const ENTRY = /^"([^"/]*)\/([^"/]*)"$/;
const AFFIX = /^\+?[0-9]*$/;

export function parseTranslationRules(text: string): TranslationParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, rules: [] };
  const rules: TranslationRule[] = [];
  for (const rawEntry of trimmed.split(',')) {
    const entry = rawEntry.trim();
    const match = ENTRY.exec(entry);
    if (match === null) return fail(`${entry} is not a "match/replace" pair`);
    const [, from = '', to = ''] = match;
    if (from === '' || (from !== '*' && !AFFIX.test(from))) {
      return fail(`${entry}: the match must be digits (optionally after +) or *`);
    }
    if (to !== '*' && !AFFIX.test(to)) return fail(`${entry}: the replacement must be digits or *`);
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
