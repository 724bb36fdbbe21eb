/**
 * The A-leg mod_sofia creates for an inbound INVITE: its caller profile and channel variables
 * in the order sofia sets them (compare `dialplan-request-2019-*` and the 2014 CDR). Digest
 * authentication merges the directory user's variables (`accountcode`, …) into the channel;
 * ACL authentication sets `sip_acl_authed_by` instead. Both set `sip_authorized=true`.
 */
import { zeroTimes, type CallerProfile } from './profiles';
import type { SwitchIdentity } from './request-body';

export type InboundAuth =
  | { readonly kind: 'acl'; readonly acl: string }
  | {
      readonly kind: 'digest';
      readonly user: string;
      readonly realm: string;
      /** The phone's password, used to answer the challenge when the emulator runs one. */
      readonly password?: string;
      /** The directory user's `<variables>` (accountcode, user_context, …). */
      readonly userVariables?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'none' };

export interface InboundCall {
  readonly uuid: string;
  readonly callerNumber: string;
  readonly callerName?: string;
  /** SIP From host (the caller's domain). */
  readonly fromHost: string;
  readonly destination: string;
  readonly toHost?: string;
  /** The sofia profile's context (`public`, `default`, …): the first `Hunt-Context`. */
  readonly context: string;
  readonly sourceIp: string;
  readonly sourcePort?: number;
  readonly auth: InboundAuth;
  readonly sofiaProfile?: string;
  readonly userAgent?: string;
  readonly sipCallId?: string;
  readonly extraVariables?: readonly (readonly [string, string])[];
}

export function inboundProfile(
  call: InboundCall,
  identity: SwitchIdentity,
  createdUs: number,
): CallerProfile {
  return {
    direction: 'inbound',
    username: call.callerNumber,
    dialplan: 'XML',
    callerIdName: call.callerName ?? call.callerNumber,
    callerIdNumber: call.callerNumber,
    networkAddr: call.sourceIp,
    ani: call.callerNumber,
    destinationNumber: call.destination,
    uuid: call.uuid,
    source: 'mod_sofia',
    context: call.context,
    chanName: channelName(call, identity),
    profileIndex: 1,
    times: zeroTimes(createdUs),
  };
}

export function channelName(call: InboundCall, identity: SwitchIdentity): string {
  const host = call.toHost ?? identity.ipv4;
  return `sofia/${call.sofiaProfile ?? 'internal'}/${call.callerNumber}@${host}`;
}

export function inboundVariables(
  call: InboundCall,
  identity: SwitchIdentity,
  createdUs: number,
): [string, string][] {
  const toHost = call.toHost ?? identity.ipv4;
  const port = String(call.sourcePort ?? 5060);
  return [
    ['direction', 'inbound'],
    ['uuid', call.uuid],
    ['session_id', '1'],
    ['sip_from_user', call.callerNumber],
    ['sip_from_uri', `${call.callerNumber}@${call.fromHost}`],
    ['sip_from_host', call.fromHost],
    ['channel_name', channelName(call, identity)],
    ['sip_call_id', call.sipCallId ?? `${call.uuid}@${call.sourceIp}`],
    ['sip_local_network_addr', identity.ipv4],
    ['sip_network_ip', call.sourceIp],
    ['sip_network_port', port],
    ['sip_invite_stamp', String(createdUs)],
    ['sip_received_ip', call.sourceIp],
    ['sip_received_port', port],
    ['sip_via_protocol', 'udp'],
    ...authVariables(call.auth),
    ['sip_from_user_stripped', call.callerNumber],
    ['sofia_profile_name', call.sofiaProfile ?? 'internal'],
    [
      'sip_full_from',
      `<sip:${call.callerNumber}@${call.fromHost}>;tag=emu${call.uuid.slice(0, 8)}`,
    ],
    ['sip_full_to', `<sip:${call.destination}@${toHost}>`],
    ['sip_req_user', call.destination],
    ['sip_req_uri', `${call.destination}@${toHost}`],
    ['sip_req_host', toHost],
    ['sip_to_user', call.destination],
    ['sip_to_uri', `${call.destination}@${toHost}`],
    ['sip_to_host', toHost],
    ['sip_contact_user', call.callerNumber],
    ['sip_contact_host', call.sourceIp],
    ['sip_user_agent', call.userAgent ?? 'Tollgate-Emulator/1.0'],
    ['max_forwards', '70'],
    ['presence_id', `${call.callerNumber}@${call.fromHost}`],
    ['endpoint_disposition', 'DELAYED NEGOTIATION'],
    ['call_uuid', call.uuid],
    ...(call.extraVariables ?? []).map(([name, value]): [string, string] => [name, value]),
  ];
}

function authVariables(auth: InboundAuth): [string, string][] {
  if (auth.kind === 'none') return [];
  if (auth.kind === 'acl')
    return [
      ['sip_authorized', 'true'],
      ['sip_acl_authed_by', auth.acl],
    ];
  return [
    ['sip_authorized', 'true'],
    ['sip_number_alias', auth.user],
    ['sip_auth_username', auth.user],
    ['sip_auth_realm', auth.realm],
    ['number_alias', auth.user],
    ...Object.entries(auth.userVariables ?? {}),
    ['user_name', auth.user],
    ['domain_name', auth.realm],
  ];
}
