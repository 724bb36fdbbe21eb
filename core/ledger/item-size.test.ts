// Proves the item sizer follows DynamoDB's documented size rules closely enough to bill write units.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemSizeBytes, standardWriteUnits, transactionalWriteUnits, utf8Bytes } from './item-size';

describe('item size', () => {
  it('counts names, strings, numbers and booleans', () => {
    expect(itemSizeBytes({ pk: 'ab' })).toBe(4);
    expect(itemSizeBytes({ n: 12345 })).toBe(1 + 4);
    expect(itemSizeBytes({ b: true, z: null })).toBe(4);
    expect(itemSizeBytes({ m: { a: 'x' } })).toBe(1 + 3 + 2 + 1);
  });

  it('rounds to whole kilobytes and doubles inside transactions', () => {
    const small = { pk: 'x'.repeat(100) };
    const big = { pk: 'x'.repeat(1100) };
    expect(standardWriteUnits(small)).toBe(1);
    expect(transactionalWriteUnits(small)).toBe(2);
    expect(transactionalWriteUnits(big)).toBe(4);
  });

  it('counts UTF-8 bytes as an encoder does, surrogate pairs and lone surrogates included', () => {
    const encoder = new TextEncoder();
    expect(utf8Bytes('a€😀\ud800')).toBe(1 + 3 + 4 + 3);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8Bytes(text)).toBe(encoder.encode(text).length);
      }),
      { numRuns: 2000 },
    );
  });

  it('sizes integers by their significant digits, as it sizes any number', () => {
    // The reference: the documented rule spelled out on the decimal string.
    const reference = (value: number) => {
      const digits = String(Math.abs(value)).replace(/^0+|0+$/g, '');
      return Math.ceil(Math.max(1, digits.length) / 2) + 1;
    };
    for (const value of [0, 7, 10, 60_000, 1_795_408_247_577, -120, Number.MAX_SAFE_INTEGER]) {
      expect(itemSizeBytes({ n: value }) - 1).toBe(reference(value));
    }
    fc.assert(
      fc.property(fc.maxSafeInteger(), (value) => {
        expect(itemSizeBytes({ n: value }) - 1).toBe(reference(value));
      }),
    );
  });
});
