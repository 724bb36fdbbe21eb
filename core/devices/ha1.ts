/**
 * SIP digest credentials. A device's password is never stored: only HA1 =
 * md5(username:realm:password) per realm (RFC 2617/7616 with MD5, what FreeSWITCH's `a1-hash`
 * user parameter takes), so the edge can answer digest challenges without knowing the password.
 */
import { createHash } from 'node:crypto';

export function sipHa1(username: string, realm: string, password: string): string {
  return createHash('md5').update(`${username}:${realm}:${password}`, 'utf8').digest('hex');
}

/** HA1 for every realm the device authenticates in; the realm defaults to the SIP domain. */
export function ha1ByRealm(
  username: string,
  realms: readonly string[],
  password: string,
): Record<string, string> {
  return Object.fromEntries(realms.map((realm) => [realm, sipHa1(username, realm, password)]));
}
