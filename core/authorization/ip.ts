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
    const value = text.split('.').reduce((sum, part) => (sum << 8n) | BigInt(Number(part)), 0n);
    return { family: 4, value };
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
  const bits = ip.family === 4 ? 32 : 128;
  const host = (1n << BigInt(bits - length)) - 1n;
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
