/**
 * Directory answers from the snapshot. `action=sip_auth` (sofia's digest check): the active
 * device's HA1 for the digest realm as `a1-hash`, and the variables the dialplan and CDRs use.
 * `action=user_call` (a `bridge user/<user>@<domain>`, e.g. an on-net call): the device with the
 * dial-string that finds its registration (vanilla FreeSWITCH's, which lives in the domain
 * params we do not ship). Everything else, and unknown or suspended devices: "not found".
 */
import type { EdgeIndex } from '../../core/authorization/edge-index';
import { TOLLGATE_VARIABLES as V } from '../../core/freeswitch/channel-variables';
import type { DirectoryRequest } from '../../core/freeswitch/directory-request';
import type { SnapshotDevice } from '../../core/snapshot/snapshot';
import { NOT_FOUND_DOCUMENT, xml } from './dialplan-document';

const DIAL_STRING =
  '{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}}' +
  '${sofia_contact(*/${dialed_user}@${dialed_domain})}';

export function directoryDocument(index: EdgeIndex, request: DirectoryRequest): string {
  if (request.kind !== 'sip_auth' && request.kind !== 'user_call') return NOT_FOUND_DOCUMENT;
  const user = request.sipAuth?.username ?? request.user;
  const domain = request.domain ?? request.keyValue;
  if (user === null || domain === null) return NOT_FOUND_DOCUMENT;
  const device = index.devices.get(`${user}@${domain}`);
  if (device === undefined || device.status !== 'active') return NOT_FOUND_DOCUMENT;
  if (request.kind === 'user_call') {
    return userDocument(domain, user, [['dial-string', DIAL_STRING]], device);
  }
  const ha1 = device.ha1ByRealm[request.sipAuth?.realm ?? domain];
  if (ha1 === undefined) return NOT_FOUND_DOCUMENT;
  return userDocument(domain, user, [['a1-hash', ha1]], device);
}

function userDocument(
  domain: string,
  user: string,
  params: readonly (readonly [string, string])[],
  device: SnapshotDevice,
): string {
  const variables: [string, string][] = [
    ['accountcode', device.accountId],
    [V.account, device.accountId],
  ];
  if (device.callerIdNumber) variables.push(['effective_caller_id_number', device.callerIdNumber]);
  if (device.callerIdName) variables.push(['effective_caller_id_name', device.callerIdName]);
  const item = (kind: string, [name, value]: readonly [string, string]) =>
    `          <${kind} name="${xml(name)}" value="${xml(value)}"/>`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    '<document type="freeswitch/xml">',
    '  <section name="directory">',
    `    <domain name="${xml(domain)}">`,
    `      <user id="${xml(user)}">`,
    '        <params>',
    ...params.map((param) => item('param', param)),
    '        </params>',
    '        <variables>',
    ...variables.map((variable) => item('variable', variable)),
    '        </variables>',
    '      </user>',
    '    </domain>',
    '  </section>',
    '</document>',
    '',
  ].join('\n');
}
