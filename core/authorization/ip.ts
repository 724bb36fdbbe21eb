/**
 * IP addresses as integers for ACL matching: an address is masked to each prefix length in use
 * and looked up by network and length (`networkKey`), so a lookup costs one map probe per distinct
 * length (a handful), however many ACLs there are.
 */
import { isIPv6 } from 'node:net';

export type IpValue = { readonly family: 4; readonly value: number } | { readonly family: 6; readonly value: bigint };

export function ipValue(text: string): IpValue | null {
  const v4 = ipv4Number(text);
  if (v4 >= 0) return { family: 4, value: v4 };
  if (!isIPv6(text)) return null;
  let address = text.split('%')[0] ?? '';
  const embedded = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (embedded) {
    const tail = BigInt(ipv4Number(embedded[1]!));
    if (tail < 0n) return null;
    address = `${address.slice(0, -embedded[1]!.length)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return { family: 6, value: groups.reduce((sum, g) => (sum << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

/**
 * A dotted-quad IPv4 address as a number, or -1 (node's `isIPv4` rules: four decimal parts of
 * 0–255, no leading zeros). Read by hand: every ACL-identified call parses its address, and the
 * regex plus split was a visible share of identifying a caller.
 */
export function ipv4Number(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots += 1;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9 || (digits > 0 && part === 0)) return -1;
    part = part * 10 + digit;
    digits += 1;
    if (part > 255) return -1;
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}

/**
 * The key of the network `ip` belongs to at prefix `length`: for IPv4 a number (length and
 * network packed exactly below 2^38: no string to build or hash per probe), for IPv6 a string.
 */
export function networkKey(ip: IpValue, length: number): number | string {
  if (ip.family === 4) {
    const value = ip.value;
    return length * 2 ** 32 + (value - (value % 2 ** (32 - length)));
  }
  const host = (1n << BigInt(128 - length)) - 1n;
  return `6:${(ip.value & ~host).toString(16)}/${length}`;
}

/** The key of a canonical CIDR (`10.0.0.0/8`), or null when it is not one. */
export function cidrKey(cidr: string): { key: number | string; family: 4 | 6; length: number } | null {
  const [address = '', lengthText] = cidr.split('/');
  const ip = ipValue(address);
  if (ip === null) return null;
  const length = lengthText === undefined ? (ip.family === 4 ? 32 : 128) : Number(lengthText);
  return { key: networkKey(ip, length), family: ip.family, length };
}
