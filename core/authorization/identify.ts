/**
 * Who pays for a call, in the order: the SIP user only when FreeSWITCH digest-
 * authenticated it (`sip_auth_username` at `sip_auth_realm`: `sip_authorized=true` alone also
 * covers ACL calls, whose From user anyone can forge); else the source address with the
 * longest matching tech prefix, then the longest CIDR; else the caller ID, only when the call
 * is to one of that caller ID's access numbers.
 */
import type { EdgeIndex } from './edge-index';
import { ipValue, networkKey } from './ip';

export interface CallIdentity {
  /** The A-leg's uuid: the key channels are held under (absent: channels are not counted). */
  readonly callUuid?: string;
  readonly authUser: string | null;
  readonly authRealm: string | null;
  readonly sourceIp: string | null;
  readonly caller: string;
  readonly callee: string;
}

export type Identified =
  | {
      readonly ok: true;
      readonly accountId: string;
      readonly by: 'digest' | 'ip_acl' | 'caller_id';
      /** The caller's SIP domain when a device identified it (on-net calls stay in it). */
      readonly domain?: string;
      /** The dialled number with the ACL's tech prefix removed. */
      readonly number: string;
    }
  | { readonly ok: false; readonly code: 'unknown_caller' };

const UNKNOWN: Identified = { ok: false, code: 'unknown_caller' };

export function identifyCaller(index: EdgeIndex, call: CallIdentity): Identified {
  if (call.authUser !== null && call.authUser !== '') {
    const device = index.devices.get(`${call.authUser}@${call.authRealm ?? ''}`);
    if (device === undefined || device.status !== 'active') return UNKNOWN;
    const { accountId, domain } = device;
    return { ok: true, accountId, by: 'digest', number: call.callee, domain };
  }
  const byAcl = call.sourceIp === null ? null : identifyByAcl(index, call.sourceIp, call.callee);
  if (byAcl !== null) return byAcl;
  const callerId = index.callerIds.get(call.caller);
  if (callerId !== undefined && callerId.accessNumbers.has(call.callee)) {
    return { ok: true, accountId: callerId.accountId, by: 'caller_id', number: call.callee };
  }
  return UNKNOWN;
}

function identifyByAcl(index: EdgeIndex, sourceIp: string, callee: string): Identified | null {
  const ip = ipValue(sourceIp);
  if (ip === null) return null;
  let best: { accountId: string; techPrefix: string; length: number } | null = null;
  for (const length of index.aclLengths[ip.family]) {
    for (const acl of index.acls.get(networkKey(ip, length)) ?? []) {
      if (!callee.startsWith(acl.techPrefix)) continue;
      // A longer tech prefix is the more specific rule; then the longer network (seen first).
      if (best === null || acl.techPrefix.length > best.techPrefix.length) best = acl;
    }
  }
  if (best === null) return null;
  const number = callee.slice(best.techPrefix.length);
  return { ok: true, accountId: best.accountId, by: 'ip_acl', number };
}
