/**
 * mod_xml_curl request bodies, built as `xml_url_fetch` does: the five unencoded prefix fields
 * (`hostname` is the switch name), then every header of the REQUEST_PARAMS event in event
 * order as `Name=switch_url_encode(value)`, joined with `&`, no trailing `&`.
 */
import { profileHeaders, type CallerProfile } from './profiles';
import { switchUrlEncode } from './url-encode';

export interface SwitchIdentity {
  /** `FreeSWITCH-Switchname`, also sent as `hostname`. */
  readonly switchname: string;
  /** `FreeSWITCH-Hostname`: the OS host name. */
  readonly hostname: string;
  readonly coreUuid: string;
  readonly ipv4: string;
  readonly ipv6: string;
  /** Offset of the box's local time zone, for `Event-Date-Local`. */
  readonly utcOffsetMinutes: number;
}

export interface EventStamp {
  readonly nowUs: number;
  readonly sequence: number;
}

export interface CallingSite {
  readonly file: string;
  readonly func: string;
  readonly line: number;
}

export type Fields = [string, string][];

export function eventHeaders(
  identity: SwitchIdentity,
  stamp: EventStamp,
  site: CallingSite,
): Fields {
  const ms = Math.floor(stamp.nowUs / 1000);
  return [
    ['Event-Name', 'REQUEST_PARAMS'],
    ['Core-UUID', identity.coreUuid],
    ['FreeSWITCH-Hostname', identity.hostname],
    ['FreeSWITCH-Switchname', identity.switchname],
    ['FreeSWITCH-IPv4', identity.ipv4],
    ['FreeSWITCH-IPv6', identity.ipv6],
    ['Event-Date-Local', localStamp(ms + identity.utcOffsetMinutes * 60_000)],
    ['Event-Date-GMT', new Date(ms).toUTCString()],
    ['Event-Date-Timestamp', String(stamp.nowUs)],
    ['Event-Calling-File', site.file],
    ['Event-Calling-Function', site.func],
    ['Event-Calling-Line-Number', String(site.line)],
    ['Event-Sequence', String(stamp.sequence)],
  ];
}

function localStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export interface RequestPrefix {
  readonly section: string;
  readonly tagName: string;
  readonly keyName: string;
  readonly keyValue: string;
}

export function encodeRequestBody(
  identity: SwitchIdentity,
  prefix: RequestPrefix,
  fields: Fields,
): string {
  const head =
    `hostname=${identity.switchname}&section=${prefix.section}&tag_name=${prefix.tagName}` +
    `&key_name=${prefix.keyName}&key_value=${prefix.keyValue}`;
  return [head, ...fields.map(([name, value]) => `${name}=${switchUrlEncode(value)}`)].join('&');
}

/** The channel as the dialplan sees it while routing (`switch_channel_event_set_data`). */
export interface RoutingChannel {
  readonly uuid: string;
  readonly callUuid: string;
  readonly channelName: string;
  readonly direction: 'inbound' | 'outbound';
  readonly presenceId: string | null;
  readonly callerProfile: CallerProfile;
  readonly variables: readonly (readonly [string, string])[];
}

export const DIALPLAN_SITE: CallingSite = {
  file: 'mod_dialplan_xml.c',
  func: 'dialplan_xml_locate',
  line: 608,
};

/** A `section=dialplan` lookup for `hunt`, the profile being routed. */
export function dialplanRequestFields(
  identity: SwitchIdentity,
  stamp: EventStamp,
  channel: RoutingChannel,
  hunt: CallerProfile,
): Fields {
  return [
    ...eventHeaders(identity, stamp, DIALPLAN_SITE),
    ['Channel-State', 'CS_ROUTING'],
    ['Channel-Call-State', 'RINGING'],
    ['Channel-State-Number', '2'],
    ['Channel-Name', channel.channelName],
    ['Unique-ID', channel.uuid],
    ['Call-Direction', channel.direction],
    ['Presence-Call-Direction', channel.direction],
    ['Channel-HIT-Dialplan', 'true'],
    ...(channel.presenceId === null
      ? []
      : [['Channel-Presence-ID', channel.presenceId] as [string, string]]),
    ['Channel-Call-UUID', channel.callUuid],
    ['Answer-State', 'ringing'],
    ...profileHeaders('Caller', channel.callerProfile),
    ...channel.variables.map(([name, value]): [string, string] => [`variable_${name}`, value]),
    ...profileHeaders('Hunt', hunt),
  ];
}

export const DIALPLAN_PREFIX: RequestPrefix = {
  section: 'dialplan',
  tagName: '',
  keyName: '',
  keyValue: '',
};

/** What sofia knows when it checks a digest response (`sofia_reg_parse_auth`). */
export interface SipAuthAttempt {
  readonly profile: string;
  readonly userAgent: string;
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly contactUser: string;
  readonly contactHost: string;
  readonly toUser: string;
  readonly toHost: string;
  readonly toPort?: number;
  readonly viaProtocol: string;
  readonly fromUser: string;
  readonly fromHost: string;
  readonly fromPort?: number;
  readonly callId: string;
  readonly requestUser?: string;
  readonly requestHost: string;
  readonly requestPort?: number;
  readonly qop: string;
  readonly cnonce: string;
  readonly nc: string;
  readonly response: string;
  readonly method: 'INVITE' | 'REGISTER';
  readonly clientPort?: number;
  /** The domain being looked up (`key_value`, `domain`). */
  readonly domain: string;
  readonly ip: string;
}

export const SIP_AUTH_SITE: CallingSite = {
  file: 'sofia_reg.c',
  func: 'sofia_reg_parse_auth',
  line: 2844,
};

export function sipAuthRequestFields(
  identity: SwitchIdentity,
  stamp: EventStamp,
  a: SipAuthAttempt,
): Fields {
  const optional = (name: string, value: string | number | undefined): Fields =>
    value === undefined ? [] : [[name, String(value)]];
  return [
    ...eventHeaders(identity, stamp, SIP_AUTH_SITE),
    ['action', 'sip_auth'],
    ['sip_profile', a.profile],
    ['sip_user_agent', a.userAgent],
    ['sip_auth_username', a.username],
    ['sip_auth_realm', a.realm],
    ['sip_auth_nonce', a.nonce],
    ['sip_auth_uri', a.uri],
    ['sip_contact_user', a.contactUser],
    ['sip_contact_host', a.contactHost],
    ['sip_to_user', a.toUser],
    ['sip_to_host', a.toHost],
    ...optional('sip_to_port', a.toPort),
    ['sip_via_protocol', a.viaProtocol],
    ['sip_from_user', a.fromUser],
    ['sip_from_host', a.fromHost],
    ...optional('sip_from_port', a.fromPort),
    ['sip_call_id', a.callId],
    ...optional('sip_request_user', a.requestUser),
    ['sip_request_host', a.requestHost],
    ...optional('sip_request_port', a.requestPort),
    ['sip_auth_qop', a.qop],
    ['sip_auth_cnonce', a.cnonce],
    ['sip_auth_nc', a.nc],
    ['sip_auth_response', a.response],
    ['sip_auth_method', a.method],
    ...optional('client_port', a.clientPort),
    ['key', 'id'],
    ['user', a.username],
    ['domain', a.domain],
    ['ip', a.ip],
  ];
}

export function sipAuthPrefix(domain: string): RequestPrefix {
  return { section: 'directory', tagName: 'domain', keyName: 'name', keyValue: domain };
}
