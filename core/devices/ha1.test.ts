// Proves HA1 is md5(username:realm:password) as digest authentication defines it, checked against RFC 2617's worked example.
import { describe, expect, it } from 'vitest';
import { ha1ByRealm, sipHa1 } from './ha1';

describe('HA1', () => {
  it("matches RFC 2617's example (Mufasa / testrealm@host.com / Circle Of Life)", () => {
    expect(sipHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life')).toBe(
      '939e7578ed9e3c518a452acee763bce9',
    );
  });

  it('differs per realm', () => {
    const hashes = ha1ByRealm('1001', ['cgrates.org', '127.0.0.1'], 'secret-pw');
    expect(Object.keys(hashes)).toEqual(['cgrates.org', '127.0.0.1']);
    expect(hashes['cgrates.org']).not.toBe(hashes['127.0.0.1']);
  });
});
