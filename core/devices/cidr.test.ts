// Proves IP ACL blocks parse to one canonical text (IPv4, IPv6 with RFC 5952 compression, v4-mapped) and that typos which would widen an ACL are refused, by example.
import { describe, expect, it } from 'vitest';
import { parseCidr } from './cidr';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['192.168.1.7', '192.168.1.7/32'],
    [' 203.0.113.0/24 ', '203.0.113.0/24'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1/128'],
    ['::ffff:192.0.2.1', '::ffff:c000:201/128'],
    ['::/0', '::/0'],
  ])('%s -> %s', (text, canonical) => {
    expect(parseCidr(text)).toMatchObject({ ok: true, cidr: canonical });
  });

  it.each([
    '10.1.2.3/8',
    '10.0.0.300/32',
    '10.0.0.0/33',
    '2001:db8::1/32',
    '2001:db8::/129',
    'host/24',
    '',
  ])('refuses %s', (text) => {
    expect(parseCidr(text)).toMatchObject({ ok: false, code: 'invalid_cidr' });
  });

  it('names the network when host bits are set', () => {
    const parsed = parseCidr('10.1.2.3/8');
    expect(!parsed.ok && parsed.message).toContain('the network is 10.0.0.0/8');
  });
});
