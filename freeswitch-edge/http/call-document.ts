/**
 * The answers that bridge an authorized call (routed over LCR, or on-net to a device): the
 * channel-variable contract, the hangup scheduled at the affordable duration and the bridge.
 * Built on every authorized call, so the lines that never change (and the heads of those that
 * do) are escaped and joined once, here, not per call.
 */
import type { Authorized } from '../../core/authorization/authorize';
import type { EdgeIndex } from '../../core/authorization/edge-index';
import type { OnNetCall } from '../../core/authorization/on-net';
import { TOLLGATE_CONTRACT_VERSION, TOLLGATE_VARIABLES as V } from '../../core/freeswitch/channel-variables';
import { actionHead, actionLine, dialplanOf, exportHead, exportLine, LINE_END, xml } from './dialplan-document';

const CONTRACT = exportLine(V.contract, TOLLGATE_CONTRACT_VERSION);
const ACCOUNT = exportHead(V.account);
const RATE_GROUP = exportHead(V.rateGroup);
const DECK_VERSION = exportHead(V.deckVersion);
const PREFIX = exportHead(V.prefix);
const WINDOW = exportHead(V.window);
const MAX_SECONDS = exportHead(V.maxSeconds);
const LEASE = exportHead(V.lease);
const BRIDGE = actionHead('bridge');
const CONTINUE_ON_FAIL = actionLine('set', 'continue_on_fail=true');
const HANGUP_AFTER_BRIDGE = actionLine('set', 'hangup_after_bridge=true');
// Whole seconds between fixed text: nothing in these lines needs escaping.
const HANGUP_ON_ANSWER = `${actionHead('set')}execute_on_answer=sched_hangup +`;
const HANGUP_ON_B_LEG_ANSWER = `${actionHead('export')}nolocal:execute_on_answer=sched_hangup +`;
const HANGUP_END = ` ALLOTTED_TIMEOUT${LINE_END}`;

export function authorizedDocument(context: string, call: Authorized, index: EdgeIndex, edgeId: string, leaseId: string): string {
  const { selection } = call;
  let lines =
    CONTRACT +
    ACCOUNT + xml(call.accountId) + LINE_END +
    RATE_GROUP + xml(call.rateGroupId) + LINE_END +
    DECK_VERSION + xml(selection.version) + LINE_END +
    PREFIX + xml(selection.prefix) + LINE_END;
  if (selection.window !== '') lines += WINDOW + xml(selection.window) + LINE_END;
  lines += callLines(call.maxSeconds, edgeId, leaseId, call.identifiedBy === 'access_number');
  lines += CONTINUE_ON_FAIL + BRIDGE + xml(dialString(call, index)) + LINE_END;
  return dialplanOf(context, lines);
}

/** On-net: the device itself (FreeSWITCH finds its registration), no deck facts, no LCR. */
export function onNetDocument(context: string, call: OnNetCall, edgeId: string, leaseId: string): string {
  const lines =
    CONTRACT +
    ACCOUNT + xml(call.accountId) + LINE_END +
    callLines(call.maxSeconds, edgeId, leaseId) +
    actionLine('bridge', `user/${call.user}@${call.domain}`);
  return dialplanOf(context, lines);
}

/**
 * `_max_seconds`, `_edge`, `_lease` (exported so the A-leg's CDR names the lease it settles
 * against; none without a lease manager), the hangup counted from answer, on the A-leg (ringing
 * does not use up the caller's credit), and hangup after bridge. An access-number call's A-leg
 * was answered to ask for the number, so its `execute_on_answer` would never run: the hangup
 * goes to the B-leg (`nolocal:` export), counted from the callee's answer, and
 * `hangup_after_bridge` ends the A-leg with it.
 */
function callLines(maxSeconds: number, edgeId: string, leaseId: string, answered = false): string {
  return (
    MAX_SECONDS + maxSeconds + LINE_END +
    edgeLine(edgeId) +
    (leaseId === '' ? '' : LEASE + xml(leaseId) + LINE_END) +
    (answered ? HANGUP_ON_B_LEG_ANSWER : HANGUP_ON_ANSWER) + maxSeconds + HANGUP_END +
    HANGUP_AFTER_BRIDGE
  );
}

/** The `_edge` line of the edge's id (one edge, one id: kept until it changes). */
let edge = { id: '', line: exportLine(V.edge, '') };
function edgeLine(edgeId: string): string {
  if (edge.id !== edgeId) edge = { id: edgeId, line: exportLine(V.edge, edgeId) };
  return edge.line;
}

/** Each route in order, within it each gateway: `|` failover, per-endpoint facts in `[...]`. */
function dialString(call: Authorized, index: EdgeIndex): string {
  let dial = '';
  for (const route of call.routes) {
    const ringSeconds = index.trunks.get(route.trunk)?.ringTimeoutSeconds ?? 30;
    const vars = `[${V.trunk}=${route.trunk},${V.routePrefix}=${route.prefix},leg_timeout=${ringSeconds}]sofia/external/`;
    for (const gateway of route.gateways) dial += `${dial === '' ? '' : '|'}${vars}${route.dialled}@${gateway}`;
  }
  return dial;
}
