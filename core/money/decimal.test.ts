// Proves the one money grammar: what it accepts, the code for each thing it rejects, and that
// formatting then parsing gives back the same micros (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal } from './decimal';
import { formatMoney, parseMoney } from './micros';

const money = (text: string, allowNegative = false) => parseMoney(text, { allowNegative });

describe('parseMoney', () => {
  it.each([
    ['0', 0],
    ['1', 1_000_000],
    ['0.7', 700_000],
    ['0.000001', 1],
    [' 12.345678 ', 12_345_678],
    ['007.5', 7_500_000],
    ['9007199254.740991', Number.MAX_SAFE_INTEGER],
  ])('reads %j as %d micros', (text, expected) => {
    expect(money(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['1e2', 'invalid_money'],
    ['.5', 'invalid_money'],
    ['5.', 'invalid_money'],
    ['+1', 'invalid_money'],
    ['1,000.00', 'invalid_money'],
    ['0,05', 'invalid_money'],
    ['', 'invalid_money'],
    ['1 000', 'invalid_money'],
    ['NaN', 'invalid_money'],
    ['0x10', 'invalid_money'],
    ['0.0000001', 'too_precise'],
    ['1.1234567', 'too_precise'],
    ['-1', 'negative_money'],
    ['9007199254.740992', 'out_of_range'],
    ['99999999999999999999', 'out_of_range'],
  ])('rejects %j with %s', (text, code) => {
    const parsed = money(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.code).toBe(code);
  });

  it('reads zeros past the sixth decimal, which carry no precision, and nothing else there', () => {
    // 0.0120000000 = 0.012 = 12,000 µ; 1.0000000 = 1,000,000 µ; 0.0000010 = 1 µ
    expect(money('0.0120000000')).toEqual({ ok: true, value: 12_000 });
    expect(money('1.0000000')).toEqual({ ok: true, value: 1_000_000 });
    expect(money('0.0000010')).toEqual({ ok: true, value: 1 });
    expect(money('0.00000101')).toMatchObject({ ok: false, code: 'too_precise' });
    expect(money('0.0120000001')).toMatchObject({ ok: false, code: 'too_precise' });
  });

  it('accepts a minus only where the field allows negatives', () => {
    expect(money('-0.000001', true)).toEqual({ ok: true, value: -1 });
    expect(money('-0', false)).toEqual({ ok: true, value: 0 });
  });
});

describe('formatMoney', () => {
  it('always prints six decimals', () => {
    expect(formatMoney(700_000)).toBe('0.700000');
    expect(formatMoney(1)).toBe('0.000001');
    expect(formatMoney(-1)).toBe('-0.000001');
    expect(formatMoney(12_500_000)).toBe('12.500000');
    expect(formatMoney(0)).toBe('0.000000');
  });

  it('parse(format(x)) = x for every safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (micros) => {
        expect(money(formatMoney(micros), true)).toEqual({ ok: true, value: micros });
      }),
    );
  });

  it('format(parse(text)) keeps the value of any text in the grammar', () => {
    const text = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 9_000_000_000n }), fc.stringMatching(/^[0-9]{1,6}$/))
      .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}.${fraction}`);
    fc.assert(
      fc.property(text, (written) => {
        const parsed = money(written, true);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        // `+ 0` folds -0 into 0: "-0.0" is zero micros.
        expect(Number(formatMoney(parsed.value))).toBe(Number(written) + 0);
      }),
    );
  });

  it('formats other scales (markup uses 4 decimals)', () => {
    expect(formatDecimal(200_000, 4)).toBe('20.0000');
    expect(parseDecimal('12.5', { scale: 4, allowNegative: false })).toEqual({ ok: true, value: 125_000 });
  });
});
