/**
 * Who pays for a call, in the order: the SIP user only when FreeSWITCH digest-
 * authenticated it (`sip_auth_username` at `sip_auth_realm`: `sip_authorized=true` alone also
 * covers ACL calls, whose From user anyone can forge); else the source address with the
 * longest matching tech prefix, then the longest CIDR; else the caller ID, only when the call
 * is to one of that caller ID's access numbers. Such a call is not routed: the edge asks for
 * the destination and transfers to `ACCESS_CONTEXT`, where the account its answer set
 * (`tollgate_access_account`) identifies the call.
 */
import { dialledNumberOf } from '../freeswitch/dialled-number';
import type { EdgeIndex } from './edge-index';
import { ipValue, networkKey } from './ip';

/**
 * The context the access-number answer transfers to. Only that transfer reaches it (SIP
 * profiles land in `public`/`default`; operators must never point one here), so only here is
 * the channel's `tollgate_access_account` trusted.
 */
export const ACCESS_CONTEXT = 'tollgate_access';

export interface CallIdentity {
  /** The A-leg's uuid: the key channels are held under (absent: channels are not counted). */
  readonly callUuid?: string;
  readonly authUser: string | null;
  readonly authRealm: string | null;
  readonly sourceIp: string | null;
  readonly caller: string;
  readonly callee: string;
  /** The context being routed (absent: not `ACCESS_CONTEXT`). */
  readonly context?: string;
  /** `tollgate_access_account` as the request carries it; ignored outside `ACCESS_CONTEXT`. */
  readonly accessAccount?: string | null;
}

/** `caller_id`: the call is to an access number; `access_number`: the digits asked for after it. */
export type IdentifiedBy = 'digest' | 'ip_acl' | 'caller_id' | 'access_number';

/** A caller ID calling one of its access numbers: answer and ask for the destination. */
export interface AccessCall {
  readonly ok: true;
  readonly kind: 'access';
  readonly accountId: string;
}

export type Identified =
  | {
      readonly ok: true;
      readonly accountId: string;
      readonly by: IdentifiedBy;
      /** The caller's SIP domain when a device identified it (on-net calls stay in it). */
      readonly domain?: string;
      /** The dialled number with the ACL's tech prefix removed. */
      readonly number: string;
    }
  | { readonly ok: false; readonly code: 'unknown_caller' };

const UNKNOWN: Identified = { ok: false, code: 'unknown_caller' };

export function identifyCaller(index: EdgeIndex, call: CallIdentity): Identified {
  // In the access context the first lookup's answer identified the caller, and nothing else
  // does; its caller ID to access number mapping is not asked again (the number is the digits).
  if (call.context === ACCESS_CONTEXT) return identifyByAccess(index, call);
  if (call.authUser !== null && call.authUser !== '') {
    const device = index.devices.get(`${call.authUser}@${call.authRealm ?? ''}`);
    if (device === undefined || device.status !== 'active') return UNKNOWN;
    const { accountId, domain } = device;
    return { ok: true, accountId, by: 'digest', number: call.callee, domain };
  }
  const byAcl = call.sourceIp === null ? null : identifyByAcl(index, call.sourceIp, call.callee);
  if (byAcl !== null) return byAcl;
  const callerId = index.callerIds.get(callerIdKey(call.caller));
  if (callerId !== undefined && callerId.accessNumbers.has(callerIdKey(call.callee))) {
    return { ok: true, accountId: callerId.accountId, by: 'caller_id', number: call.callee };
  }
  return UNKNOWN;
}

/**
 * How caller IDs and access numbers are compared: without a leading `+`, and without the URI
 * user part's parameters. Carriers present both in E.164 with it (`+15551230001` calling
 * `+18005550100`) or without, and the API stores either (it already treats the two spellings as
 * one caller ID); a carrier's From may also carry `;cpc=ordinary` after the number.
 */
export function callerIdKey(number: string): string {
  const bare = dialledNumberOf(number);
  return bare.startsWith('+') ? bare.slice(1) : bare;
}

function identifyByAccess(index: EdgeIndex, call: CallIdentity): Identified {
  const accountId = call.accessAccount;
  if (accountId === undefined || accountId === null || !index.accounts.has(accountId)) return UNKNOWN;
  return { ok: true, accountId, by: 'access_number', number: call.callee };
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
