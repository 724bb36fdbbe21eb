// Proves the dialled number drops a Request-URI user part's parameters (number portability, phone-context) and nothing else.
import { describe, expect, it } from 'vitest';
import { dialledNumberOf } from './dialled-number';

describe('dialledNumberOf', () => {
  it.each([
    ['+15551234567;npdi;rn=+15559990000', '+15551234567'],
    ['5551234;phone-context=+1', '5551234'],
    ['442079460000;isub=12', '442079460000'],
    ['442079460000', '442079460000'],
    ['*98', '*98'],
    [';npdi', ''],
    ['', ''],
  ])('%s → %s', (userPart, number) => {
    expect(dialledNumberOf(userPart)).toBe(number);
  });
});
