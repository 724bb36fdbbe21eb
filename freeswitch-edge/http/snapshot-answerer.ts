/**
 * The snapshot-backed answerer: dialplan requests are authorized from memory
 * (`core/authorization`) and answered with the channel-variable contract, a hangup scheduled at
 * the affordable duration counted from answer, and a bridge with failover; refusals get the
 * pinned cause and a log line. Directory `sip_auth` lookups get the device's HA1 for the realm;
 * everything else in the directory is "not found" (the shipped config makes that safe).
 */
import { authorizeCall, type Authorized } from '../../core/authorization/authorize';
import type { OnNetCall } from '../../core/authorization/on-net';
import type { EdgeCounters } from '../../core/authorization/authorize';
import type { EdgeIndex } from '../../core/authorization/edge-index';
import { TOLLGATE_CONTRACT_VERSION, TOLLGATE_VARIABLES as V } from '../../core/freeswitch/channel-variables';
import type { DirectoryRequest } from '../../core/freeswitch/directory-request';
import { dialplanDocument, NOT_FOUND_DOCUMENT, refusalDocument, xml } from './dialplan-document';
import type { CallRequest } from './call-fields';
import type { XmlCurlAnswerer } from './xml-curl';

export interface AnswererDeps {
  readonly index: EdgeIndex;
  readonly edgeId: string;
  /** Kept across snapshot versions: channels and calls per second are counted per edge. */
  readonly counters: EdgeCounters;
  readonly clock: () => number;
  readonly log: (event: string, fields: Record<string, unknown>) => void;
}

export function snapshotAnswerer(deps: AnswererDeps): XmlCurlAnswerer {
  return {
    dialplan(request) {
      const result = authorizeCall(
        deps.index,
        {
          callUuid: request.uuid,
          authUser: request.authUser,
          authRealm: request.authRealm,
          sourceIp: request.sourceIp,
          caller: request.caller ?? '',
          callee: request.callee,
        },
        deps.clock(),
        deps.counters,
      );
      if (result.ok && result.kind === 'on_net') return onNetDocument(request, result, deps.edgeId);
      if (result.ok) return authorizedDocument(request, result, deps.index, deps.edgeId);
      deps.log('call_refused', {
        uuid: request.uuid,
        reason: result.code,
        account: result.accountId ?? null,
        callee: request.callee,
        sourceIp: request.sourceIp,
        message: result.message,
      });
      return refusalDocument(request.context, result.code);
    },
    directory: (request) => directoryDocument(deps.index, request),
  };
}

function authorizedDocument(
  request: CallRequest,
  call: Authorized,
  index: EdgeIndex,
  edgeId: string,
): string {
  const facts: [string, string][] = [
    [V.contract, TOLLGATE_CONTRACT_VERSION],
    [V.account, call.accountId],
    [V.rateGroup, call.rateGroupId],
    [V.deckVersion, call.selection.version],
    [V.prefix, call.selection.prefix],
    ...(call.selection.window !== '' ? [[V.window, call.selection.window] as [string, string]] : []),
    [V.maxSeconds, String(call.maxSeconds)],
    [V.edge, edgeId],
  ];
  return dialplanDocument(request.context, [
    ...facts.map(([name, value]) => ['export', `${name}=${value}`] as const),
    // Counted from answer, on the A-leg: ringing does not use up the caller's credit.
    ['set', `execute_on_answer=sched_hangup +${call.maxSeconds} ALLOTTED_TIMEOUT`],
    ['set', 'hangup_after_bridge=true'],
    ['set', 'continue_on_fail=true'],
    ['bridge', dialString(call, index)],
  ]);
}

/** On-net: the device itself (FreeSWITCH finds its registration), no deck facts, no LCR. */
function onNetDocument(request: CallRequest, call: OnNetCall, edgeId: string): string {
  const facts: [string, string][] = [
    [V.contract, TOLLGATE_CONTRACT_VERSION],
    [V.account, call.accountId],
    [V.maxSeconds, String(call.maxSeconds)],
    [V.edge, edgeId],
  ];
  return dialplanDocument(request.context, [
    ...facts.map(([name, value]) => ['export', `${name}=${value}`] as const),
    ['set', `execute_on_answer=sched_hangup +${call.maxSeconds} ALLOTTED_TIMEOUT`],
    ['set', 'hangup_after_bridge=true'],
    ['bridge', `user/${call.user}@${call.domain}`],
  ]);
}

/** Each route in order, within it each gateway: `|` failover, per-endpoint facts in `[...]`. */
function dialString(call: Authorized, index: EdgeIndex): string {
  const endpoints: string[] = [];
  for (const route of call.routes) {
    const ringSeconds = index.trunks.get(route.trunk)?.ringTimeoutSeconds ?? 30;
    for (const gateway of route.gateways) {
      const vars = `${V.trunk}=${route.trunk},${V.routePrefix}=${route.prefix},leg_timeout=${ringSeconds}`;
      endpoints.push(`[${vars}]sofia/external/${route.dialled}@${gateway}`);
    }
  }
  return endpoints.join('|');
}

function directoryDocument(index: EdgeIndex, request: DirectoryRequest): string {
  if (request.kind !== 'sip_auth') return NOT_FOUND_DOCUMENT;
  const user = request.sipAuth?.username ?? request.user;
  const domain = request.domain ?? request.keyValue;
  if (user === null || domain === null) return NOT_FOUND_DOCUMENT;
  const device = index.devices.get(`${user}@${domain}`);
  const realm = request.sipAuth?.realm ?? domain;
  const ha1 = device?.ha1ByRealm[realm];
  if (device === undefined || device.status !== 'active' || ha1 === undefined) {
    return NOT_FOUND_DOCUMENT;
  }
  const variables: [string, string][] = [
    ['accountcode', device.accountId],
    [V.account, device.accountId],
    ...(device.callerIdNumber ? [['effective_caller_id_number', device.callerIdNumber] as [string, string]] : []),
    ...(device.callerIdName ? [['effective_caller_id_name', device.callerIdName] as [string, string]] : []),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    '<document type="freeswitch/xml">',
    '  <section name="directory">',
    `    <domain name="${xml(domain)}">`,
    `      <user id="${xml(user)}">`,
    `        <params><param name="a1-hash" value="${ha1}"/></params>`,
    '        <variables>',
    ...variables.map(([n, v]) => `          <variable name="${xml(n)}" value="${xml(v)}"/>`),
    '        </variables>',
    '      </user>',
    '    </domain>',
    '  </section>',
    '</document>',
    '',
  ].join('\n');
}
