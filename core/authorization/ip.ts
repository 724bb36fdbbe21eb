/**
 * IP addresses as integers for ACL matching: an address is masked to each prefix length in use
 * and looked up as `<family>:<network>/<length>`, so a lookup costs one map probe per distinct
 * length (a handful), however many ACLs there are.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface IpValue {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export function ipValue(text: string): IpValue | null {
  if (isIPv4(text)) {
    // Number arithmetic, one BigInt at the end: every ACL-identified call parses its address.
    const value = text.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
    return { family: 4, value: BigInt(value) };
  }
  if (!isIPv6(text)) return null;
  let address = text.split('%')[0] ?? '';
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4) {
    const tail = ipValue(v4[1]!)!.value;
    address = `${address.slice(0, -v4[1]!.length)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return { family: 6, value: groups.reduce((sum, g) => (sum << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

/** The key of the network `ip` belongs to at prefix `length`. */
export function networkKey(ip: IpValue, length: number): string {
  if (ip.family === 4) {
    // Exact in doubles (below 2^32) and allocates no BigInts: probed once per prefix length per call.
    const value = Number(ip.value);
    return `4:${(value - (value % 2 ** (32 - length))).toString(16)}/${length}`;
  }
  const host = (1n << BigInt(128 - length)) - 1n;
  return `${ip.family}:${(ip.value & ~host).toString(16)}/${length}`;
}

/** The key of a canonical CIDR (`10.0.0.0/8`), or null when it is not one. */
export function cidrKey(cidr: string): { key: string; family: 4 | 6; length: number } | null {
  const [address = '', lengthText] = cidr.split('/');
  const ip = ipValue(address);
  if (ip === null) return null;
  const length = lengthText === undefined ? (ip.family === 4 ? 32 : 128) : Number(lengthText);
  return { key: networkKey(ip, length), family: ip.family, length };
}
