// Proves the item sizer follows DynamoDB's documented size rules closely enough to bill write units.
import { describe, expect, it } from 'vitest';
import { itemSizeBytes, standardWriteUnits, transactionalWriteUnits } from './item-size';

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
});
