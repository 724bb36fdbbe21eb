import fc from 'fast-check';
import { isIPv4 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cidrKey, ipv4Number, ipValue, networkKey } from './ip';

const part = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.stringMatching(/^[0-9]{1,4}$/), fc.constantFrom('', '-1', ' 1', '1 ', 'a'));

describe('ipv4Number', () => {
  it('accepts exactly what node:net isIPv4 accepts, with the address as a number', () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.join('.');
        const value = ipv4Number(text);
        expect(value >= 0).toBe(isIPv4(text));
        if (value >= 0) expect(value).toBe(parts.reduce((sum, p) => sum * 256 + Number(p), 0));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the edges of the range and refuses leading zeros and stray characters', () => {
    expect(ipv4Number('0.0.0.0')).toBe(0);
    expect(ipv4Number('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(ipv4Number('10.0.0.1')).toBe(167772161);
    for (const bad of ['01.0.0.1', '1.2.3', '1.2.3.4.5', '1.2.3.256', '1..2.3', '1.2.3.4 ', '', '::1']) {
      expect(ipv4Number(bad)).toBe(-1);
    }
  });
});

describe('networkKey', () => {
  it('gives an address the key of every CIDR that contains it, and no other', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 32 - 1), fc.nat(2 ** 32 - 1), fc.integer({ min: 0, max: 32 }), (a, b, length) => {
        const text = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
        const cidr = cidrKey(`${text(b - (b % 2 ** (32 - length)))}/${length}`);
        const inside = Math.floor(a / 2 ** (32 - length)) === Math.floor(b / 2 ** (32 - length));
        expect(networkKey(ipValue(text(a))!, length) === cidr!.key).toBe(inside);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps IPv6 networks apart from IPv4 ones and reads embedded IPv4 tails', () => {
    expect(cidrKey('::ffff:10.0.0.1/128')!.key).toBe(cidrKey('::ffff:a00:1/128')!.key);
    expect(cidrKey('::/0')!.key).not.toBe(cidrKey('0.0.0.0/0')!.key);
    expect(ipValue('::ffff:10.0.0.300')).toBeNull();
  });
});
