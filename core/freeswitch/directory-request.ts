/**
 * A mod_xml_curl `section=directory` request. The one billing cares about is sofia's digest
 * check (`action=sip_auth`, from `sofia_reg_parse_auth`), sent for REGISTER and for challenged
 * INVITEs; others (`purpose=gateways`, `purpose=network-list`, `action=reverse-auth-lookup`,
 * `action=message-count`, `action=user_call`) are recognised by kind and passed through.
 */
import type { FormField } from './form-body';
import { indexFields, integerField, type FieldIndex } from './field-index';
import { fsOk, type FsResult } from './result';

export type DirectoryRequestKind =
  | 'sip_auth'
  | 'user_call'
  | 'gateways'
  | 'network_list'
  | 'reverse_auth_lookup'
  | 'message_count'
  | 'other';

export interface SipAuthFields {
  readonly username: string;
  readonly realm: string | null;
  readonly nonce: string | null;
  readonly uri: string | null;
  readonly qop: string | null;
  readonly cnonce: string | null;
  readonly nc: string | null;
  readonly response: string | null;
  /** `INVITE` or `REGISTER`. */
  readonly method: string | null;
}

export interface DirectoryRequest {
  readonly section: 'directory';
  readonly hostname: string;
  readonly tagName: string | null;
  readonly keyName: string | null;
  readonly keyValue: string | null;
  readonly kind: DirectoryRequestKind;
  readonly action: string | null;
  readonly purpose: string | null;
  readonly user: string | null;
  readonly domain: string | null;
  /** The client's address as sofia saw it (`ip`), and its port (`client_port`). */
  readonly ip: string | null;
  readonly clientPort: number | null;
  readonly sipProfile: string | null;
  readonly userAgent: string | null;
  readonly sipCallId: string | null;
  /** Present when `action=sip_auth` carried a digest username. */
  readonly sipAuth: SipAuthFields | null;
  readonly fields: readonly FormField[];
}

const KIND_BY_ACTION: Readonly<Record<string, DirectoryRequestKind>> = {
  sip_auth: 'sip_auth',
  user_call: 'user_call',
  'reverse-auth-lookup': 'reverse_auth_lookup',
  'message-count': 'message_count',
};

const KIND_BY_PURPOSE: Readonly<Record<string, DirectoryRequestKind>> = {
  gateways: 'gateways',
  'network-list': 'network_list',
};

export function directoryRequestFromFields(
  fields: readonly FormField[],
): FsResult<DirectoryRequest> {
  const index = indexFields(fields);
  const action = index.get('action');
  const purpose = index.get('purpose');
  const kind = lookup(KIND_BY_ACTION, action) ?? lookup(KIND_BY_PURPOSE, purpose) ?? 'other';
  return fsOk({
    section: 'directory',
    hostname: index.get('hostname') ?? '',
    tagName: index.get('tag_name'),
    keyName: index.get('key_name'),
    keyValue: index.get('key_value'),
    kind,
    action,
    purpose,
    user: index.get('user'),
    domain: index.get('domain'),
    ip: index.get('ip'),
    clientPort: integerField(index.get('client_port')),
    sipProfile: index.get('sip_profile'),
    userAgent: index.get('sip_user_agent'),
    sipCallId: index.get('sip_call_id'),
    sipAuth: kind === 'sip_auth' ? sipAuthFields(index) : null,
    fields,
  });
}

function lookup(
  table: Readonly<Record<string, DirectoryRequestKind>>,
  key: string | null,
): DirectoryRequestKind | null {
  return key !== null && Object.hasOwn(table, key) ? (table[key] ?? null) : null;
}

function sipAuthFields(index: FieldIndex): SipAuthFields | null {
  const username = index.get('sip_auth_username');
  if (username === null) return null;
  return {
    username,
    realm: index.get('sip_auth_realm'),
    nonce: index.get('sip_auth_nonce'),
    uri: index.get('sip_auth_uri'),
    qop: index.get('sip_auth_qop'),
    cnonce: index.get('sip_auth_cnonce'),
    nc: index.get('sip_auth_nc'),
    response: index.get('sip_auth_response'),
    method: index.get('sip_auth_method'),
  };
}
