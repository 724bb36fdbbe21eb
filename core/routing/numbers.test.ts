// Proves the number pipeline: ASTPP translation rules (format round-trip, order of application),
// E.164 normalization per dialing plan, and the outbound order trunk rules → strip → prepend.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALING_PLANS, NO_COUNTRY_PLAN, normalizeNumber } from './e164';
import { outboundNumber } from './outbound';
import { formatTranslationRules, parseTranslationRules, translateNumber, type TranslationRule } from './translation';

function rules(text: string): readonly TranslationRule[] {
  const parsed = parseTranslationRules(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rules;
}

describe('translation rules', () => {
  it('reads ASTPP "match/replace" pairs; * matches all, empty or * replacement strips', () => {
    expect(rules('"0044/44", "011/*", "*/9"')).toEqual([
      { match: '0044', replace: '44' },
      { match: '011', replace: '' },
      { match: '*', replace: '9' },
    ]);
    expect(parseTranslationRules('0044/44')).toMatchObject({ ok: false, code: 'invalid_translation' });
    expect(parseTranslationRules('"00a/1"')).toMatchObject({ ok: false });
    expect(parseTranslationRules('')).toEqual({ ok: true, rules: [] });
    expect(parseTranslationRules('"1/2/3"')).toMatchObject({ ok: false });
  });

  it('also reads the same rules written as "match","replace" pairs', () => {
    expect(rules('"0044","44","011",""')).toEqual([
      { match: '0044', replace: '44' },
      { match: '011', replace: '' },
    ]);
    expect(parseTranslationRules('"0044","44","011"')).toMatchObject({ ok: false });
    expect(parseTranslationRules('"0044/44","011",""')).toMatchObject({ ok: false });
  });

  it('applies rules in order, each to the previous result', () => {
    // "0044…" becomes "44…"; the second rule then sees "4420…" and turns its "44" into "440".
    expect(translateNumber('00442079460000', rules('"0044/44","44/440"'))).toBe('4402079460000');
    expect(translateNumber('5551234', rules('"*/1212"'))).toBe('12125551234');
    expect(translateNumber('0113312345', rules('"011/"'))).toBe('3312345');
    expect(translateNumber('3312345', rules('"011/"'))).toBe('3312345');
  });

  it('round-trips its text format', () => {
    const affix = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 4 });
    const rule = fc.record({ match: fc.oneof(affix.filter((m) => m !== ''), fc.constant('*')), replace: affix });
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), (list) => {
        expect(rules(formatTranslationRules(list))).toEqual(list);
      }),
    );
  });
});

describe('E.164 normalization', () => {
  it('removes + and the international prefix of the plan', () => {
    expect(normalizeNumber('+44 20 7946 0000', DIALING_PLANS.GB ?? NO_COUNTRY_PLAN)).toEqual({ ok: true, digits: '442079460000' });
    expect(normalizeNumber('00442079460000', DIALING_PLANS.DE ?? NO_COUNTRY_PLAN)).toEqual({ ok: true, digits: '442079460000' });
    expect(normalizeNumber('011442079460000', DIALING_PLANS.US ?? NO_COUNTRY_PLAN)).toEqual({ ok: true, digits: '442079460000' });
    expect(normalizeNumber('0011442079460000', DIALING_PLANS.AU ?? NO_COUNTRY_PLAN)).toEqual({ ok: true, digits: '442079460000' });
  });

  it('replaces the national trunk prefix with the country code', () => {
    expect(normalizeNumber('02079460000', DIALING_PLANS.GB ?? NO_COUNTRY_PLAN)).toEqual({ ok: true, digits: '442079460000' });
    expect(normalizeNumber('030123456', DIALING_PLANS.DE ?? NO_COUNTRY_PLAN)).toEqual({ ok: true, digits: '4930123456' });
    // NANP: 1 + 10 digits stays; 10 digits get the 1.
    expect(normalizeNumber('12125551234', DIALING_PLANS.US ?? NO_COUNTRY_PLAN)).toEqual({ ok: true, digits: '12125551234' });
    expect(normalizeNumber('2125551234', DIALING_PLANS.US ?? NO_COUNTRY_PLAN)).toEqual({ ok: true, digits: '12125551234' });
    // Italy keeps the 0 of its area codes in E.164.
    expect(normalizeNumber('0612345678', DIALING_PLANS.IT ?? NO_COUNTRY_PLAN)).toEqual({ ok: true, digits: '0612345678' });
  });

  it('refuses what is not 1–20 digits', () => {
    expect(normalizeNumber('12ab', NO_COUNTRY_PLAN)).toMatchObject({ ok: false, code: 'invalid_number' });
    expect(normalizeNumber('+', NO_COUNTRY_PLAN)).toMatchObject({ ok: false, code: 'invalid_number' });
    expect(normalizeNumber('1'.repeat(21), NO_COUNTRY_PLAN)).toMatchObject({ ok: false });
  });
});

describe('outbound number', () => {
  it('applies trunk translation, then strip, then prepend', () => {
    // Trunk turns 44… into 0044…; the rate strips "00" and prepends the carrier's tech prefix 1234#.
    expect(outboundNumber('442079460000', rules('"44/0044"'), '00', '1234#')).toBe('1234#442079460000');
    // Strip is literal: it only removes a prefix that is there.
    expect(outboundNumber('442079460000', [], '00', '9')).toBe('9442079460000');
    // Had strip run before the trunk rule, "00" would not yet be there: order matters.
    expect(outboundNumber('442079460000', rules('"44/0044"'), '', '')).toBe('00442079460000');
  });
});

describe('international prefixes', () => {
  it('the longest listed prefix the number starts with is removed, the first listed among equals (fast-check)', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(digits, { maxLength: 4 }), digits, (prefixes, number) => {
        const plan = { countryCode: '', trunkPrefix: '', internationalPrefixes: prefixes, nationalDigits: 0 };
        const longestFirst = [...prefixes].sort((a, b) => b.length - a.length);
        const prefix = longestFirst.find((candidate) => number.startsWith(candidate)) ?? '';
        const expected = number.slice(prefix.length);
        const result = normalizeNumber(number, plan);
        expect(result.ok ? result.digits : '').toBe(/^[0-9]{1,20}$/.test(expected) ? expected : '');
      }),
      { numRuns: 500 },
    );
  });
});
