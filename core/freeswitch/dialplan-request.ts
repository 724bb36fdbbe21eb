/**
 * A mod_xml_curl `section=dialplan` request (sent by `mod_dialplan_xml`'s
 * `dialplan_xml_locate` each time a channel enters the XML dialplan) as the edge needs it.
 *
 * `Hunt-*` describes the caller profile being routed, so it wins over `Caller-*`: after a
 * `transfer` or `execute_extension` the destination and context being looked up are there.
 */
import { dialledNumberOf } from './dialled-number';
import type { FormField } from './form-body';
import { indexFields, integerField, pick, type FieldIndex } from './field-index';
import { fsFail, fsOk, type FsResult } from './result';

export interface DialplanRequest {
  readonly section: 'dialplan';
  /** `hostname` = `FreeSWITCH-Switchname`, not necessarily the OS host name. */
  readonly hostname: string;
  /** This leg's uuid (`Unique-ID`); the CDR's `variables.uuid` for the same leg. */
  readonly uuid: string;
  /** The A-leg uuid that groups the call's legs (`Channel-Call-UUID`), or the uuid itself. */
  readonly callUuid: string;
  readonly direction: string | null;
  /** Caller-ID number being routed (`Hunt-Caller-ID-Number`, else `Caller-…`, else SIP From). */
  readonly caller: string | null;
  readonly callerName: string | null;
  /** The dialled number being routed: `Hunt-Destination-Number`, else `Caller-…`. */
  readonly callee: string;
  /** The context being routed, which the answer's `<context name>` must equal. */
  readonly context: string;
  readonly callerContext: string | null;
  readonly huntContext: string | null;
  /** 1 on first routing, higher after each transfer. */
  readonly profileIndex: number | null;
  readonly transferSource: string | null;
  /** Where the INVITE came from: `sip_received_ip`, else `Caller-Network-Addr`. */
  readonly sourceIp: string | null;
  readonly sourcePort: number | null;
  /** Digest-authenticated SIP user; only `sip_auth_username` proves a digest challenge passed. */
  readonly authUser: string | null;
  readonly authRealm: string | null;
  /** Name of the ACL that let the call in without digest (`sip_acl_authed_by`). */
  readonly aclName: string | null;
  /** `sip_authorized=true`: sofia accepted the caller by digest or ACL. */
  readonly authorized: boolean;
  readonly accountCode: string | null;
  readonly sipFromUser: string | null;
  readonly sipFromHost: string | null;
  readonly sipCallId: string | null;
  readonly sofiaProfile: string | null;
  /**
   * `tollgate_access_account`: set by the edge's access-number answer before it transfers to
   * `tollgate_access`; authorization honours it only in that context.
   */
  readonly accessAccount: string | null;
  /** Every channel variable, without the `variable_` prefix, decoded. */
  readonly variables: Readonly<Record<string, string>>;
  /** Every field in wire order, decoded; repeated names kept. */
  readonly fields: readonly FormField[];
}

export function dialplanRequestFromFields(fields: readonly FormField[]): FsResult<DialplanRequest> {
  const index = indexFields(fields);
  const uuid = pick(index, 'Unique-ID', 'Caller-Unique-ID', 'variable_uuid');
  const dialled = pick(index, 'Hunt-Destination-Number', 'Caller-Destination-Number');
  const callee = dialled === null ? null : dialledNumberOf(dialled);
  const context = pick(index, 'Hunt-Context', 'Caller-Context');
  if (uuid === null) return missing('Unique-ID');
  if (callee === null) return missing('Caller-Destination-Number');
  if (context === null) return missing('Caller-Context');
  return fsOk({
    section: 'dialplan',
    hostname: index.get('hostname') ?? '',
    uuid,
    callUuid: pick(index, 'Channel-Call-UUID', 'variable_call_uuid') ?? uuid,
    direction: pick(index, 'Call-Direction', 'Caller-Direction', 'variable_direction'),
    caller: pick(
      index,
      'Hunt-Caller-ID-Number',
      'Caller-Caller-ID-Number',
      'variable_sip_from_user',
    ),
    callerName: pick(index, 'Hunt-Caller-ID-Name', 'Caller-Caller-ID-Name'),
    callee,
    context,
    callerContext: index.get('Caller-Context'),
    huntContext: index.get('Hunt-Context'),
    profileIndex: integerField(pick(index, 'Hunt-Profile-Index', 'Caller-Profile-Index')),
    transferSource: pick(index, 'Hunt-Transfer-Source', 'Caller-Transfer-Source'),
    ...authFacts(index),
    variables: index.variables,
    fields,
  });
}

function authFacts(index: FieldIndex) {
  return {
    sourceIp: pick(
      index,
      'variable_sip_received_ip',
      'Caller-Network-Addr',
      'variable_sip_network_ip',
    ),
    sourcePort: integerField(
      pick(index, 'variable_sip_received_port', 'variable_sip_network_port'),
    ),
    authUser: index.get('variable_sip_auth_username'),
    authRealm: index.get('variable_sip_auth_realm'),
    aclName: index.get('variable_sip_acl_authed_by'),
    authorized: index.get('variable_sip_authorized') === 'true',
    accountCode: index.get('variable_accountcode'),
    sipFromUser: index.get('variable_sip_from_user'),
    sipFromHost: index.get('variable_sip_from_host'),
    sipCallId: index.get('variable_sip_call_id'),
    sofiaProfile: index.get('variable_sofia_profile_name'),
    accessAccount: index.get('variable_tollgate_access_account'),
  };
}

function missing(field: string): FsResult<never> {
  return fsFail('missing_field', `the dialplan request has no ${field}`);
}
