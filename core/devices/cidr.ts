/**
 * CIDR blocks for IP ACLs, IPv4 and IPv6. A block must name its network address exactly
 * (`10.0.0.0/8`, not `10.1.2.3/8`): an ACL that silently widens a typo is a toll-fraud hole.
 * The canonical text (lowercase, compressed IPv6) is what uniqueness is checked on.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type CidrParse =
  | { readonly ok: true; readonly cidr: string; readonly family: 4 | 6 }
  | { readonly ok: false; readonly code: 'invalid_cidr'; readonly message: string };

export function parseCidr(text: string): CidrParse {
  const match = /^([0-9A-Fa-f:.]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!match) return invalid(`${text} is not an address or address/prefix-length`);
  const address = match[1]!;
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
  if (family === 0) return invalid(`${address} is not an IPv4 or IPv6 address`);
  const bits = family === 4 ? 32 : 128;
  const length = match[2] === undefined ? bits : Number(match[2]);
  if (length > bits) return invalid(`/${length} is longer than ${bits} bits`);
  const value = family === 4 ? ipv4Value(address) : ipv6Value(address);
  const hostMask = (1n << BigInt(bits - length)) - 1n;
  if ((value & hostMask) !== 0n) {
    return invalid(
      `${text} has host bits set; the network is ${format(value & ~hostMask, family)}/${length}`,
    );
  }
  return { ok: true, cidr: `${format(value, family)}/${length}`, family };
}

function invalid(message: string): CidrParse {
  return { ok: false, code: 'invalid_cidr', message };
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Value(address: string): bigint {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const tail = ipv4Value(v4[1]!);
    text = `${text.slice(0, -v4[1]!.length)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function format(value: bigint, family: 4 | 6): string {
  if (family === 4)
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map(
    (shift) => (value >> shift) & 0xffffn,
  );
  return compressIpv6(groups.map((group) => group.toString(16)));
}

/** RFC 5952: the longest run (≥ 2) of zero groups becomes `::`, the first such run on a tie. */
function compressIpv6(groups: string[]): string {
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === '0') length += 1;
    if (length > best.length) best = { start, length };
  }
  if (best.length < 2) return groups.join(':');
  const left = groups.slice(0, best.start).join(':');
  const right = groups.slice(best.start + best.length).join(':');
  return `${left}::${right}`;
}
