// Proves number masking: trailing digits only, customers never below the floor, staff unmasked by default.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CUSTOMER_MASK_DIGITS, maskDigitsFor, maskNumber, MAX_MASK_DIGITS } from './mask';

describe('maskNumber', () => {
  it('hides the last digits of a dialled number', () => {
    expect(maskNumber('442071234567', 3)).toBe('442071234xxx');
    expect(maskNumber('+15551230001', 4)).toBe('+1555123xxxx');
  });

  it('leaves a number alone for 0 digits and hides all of a short one', () => {
    expect(maskNumber('442071234567', 0)).toBe('442071234567');
    expect(maskNumber('100', 5)).toBe('xxx');
    expect(maskNumber('', 3)).toBe('');
  });

  it('counts digits only, keeping letters of SIP users', () => {
    expect(maskNumber('1001ab', 2)).toBe('10xxab');
  });

  it('keeps the length and every character but the last digits (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9]{0,20}$/), fc.nat(12), (number, digits) => {
        const masked = maskNumber(number, digits);
        expect(masked.length).toBe(number.length);
        const hidden = [...masked].filter((c) => c === 'x').length;
        expect(hidden).toBe(Math.min(digits, number.replace('+', '').length));
        const kept = number.length - hidden;
        expect(masked.slice(0, kept)).toBe(number.slice(0, kept));
      }),
    );
  });
});

describe('maskDigitsFor', () => {
  it('never lets a customer or provider see fewer hidden digits than the floor', () => {
    expect(maskDigitsFor('customer', undefined)).toBe(CUSTOMER_MASK_DIGITS);
    expect(maskDigitsFor('customer', 0)).toBe(CUSTOMER_MASK_DIGITS);
    expect(maskDigitsFor('provider', 5)).toBe(5);
  });

  it('masks staff views only when asked, within the maximum', () => {
    expect(maskDigitsFor('admin', undefined)).toBe(0);
    expect(maskDigitsFor('reseller', 4)).toBe(4);
    expect(maskDigitsFor('sub_admin', 99)).toBe(MAX_MASK_DIGITS);
  });
});
