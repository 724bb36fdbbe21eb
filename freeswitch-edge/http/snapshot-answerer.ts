/**
 * The snapshot-backed answerer: dialplan requests are authorized from memory
 * (`core/authorization`) and answered with the channel-variable contract, a hangup scheduled at
 * the affordable duration counted from answer, and a bridge with failover; refusals get the
 * pinned cause and a log line. Directory lookups: `directory-document.ts`.
 */
import { authorizeCall, type Authorized } from '../../core/authorization/authorize';
import type { OnNetCall } from '../../core/authorization/on-net';
import type { EdgeCounters } from '../../core/authorization/authorize';
import type { EdgeIndex } from '../../core/authorization/edge-index';
import { TOLLGATE_CONTRACT_VERSION, TOLLGATE_VARIABLES as V } from '../../core/freeswitch/channel-variables';
import { dialplanDocument, refusalDocument } from './dialplan-document';
import { directoryDocument } from './directory-document';
import { emergencyDocument } from './emergency-document';
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
      if (result.ok && result.kind === 'emergency') return emergencyDocument(request.context, result, deps.edgeId);
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
