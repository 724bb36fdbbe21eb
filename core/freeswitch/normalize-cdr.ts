/**
 * RawCdr (from mod_json_cdr or mod_xml_cdr) → NormalizedCdr. The rules, in one place:
 *
 * - leg: `b` when the leg was originated by another (`originator` or `originating_leg_uuid`,
 *   both set by `bridge`), or when its `call_uuid` names another leg; else `a`.
 * - times: the µs epochs (`*_uepoch`) truncated to ms; the second epochs when absent.
 * - billsec/billmsec: FreeSWITCH's own values; derived from the epochs only when absent.
 * - gateway: B-leg `sip_gateway_name`, else a `sofia/gateway/<name>/…` channel name. An
 *   A-leg's `bridge_channel` is `sofia/<profile>/<number>` even through a gateway, so there the
 *   gateway is known only when the last `bridge` dialled exactly one gateway endpoint; with
 *   failover the answering B-leg's CDR (joined on `otherLegUuid`) is the source of truth.
 */
import { dialledNumberOf } from './dialled-number';
import { readTollgateFacts } from './channel-variables';
import type { CdrDirection, CdrLeg, NormalizedCdr } from './normalized-cdr';
import type { RawCdr } from './raw-cdr';
import { fsFail, fsOk, type FsResult } from './result';

type Vars = Readonly<Record<string, string>>;

export function normalizeCdr(raw: RawCdr): FsResult<NormalizedCdr> {
  const v = raw.variables;
  const uuid = present(v.uuid) ?? raw.callflow[0]?.uuid ?? null;
  if (uuid === null) return fsFail('missing_field', 'the CDR has no variables.uuid');
  const times = timesOf(v);
  if (!times.ok) return times;
  const leg = legOf(v, uuid);
  const profile = raw.callflow[0];
  return fsOk({
    uuid,
    callUuid: present(v.call_uuid) ?? (leg === 'b' ? present(v.originating_leg_uuid) : null) ??
      uuid,
    leg,
    direction: directionOf(raw.channelDirection ?? present(v.direction), leg),
    caller: profile?.callerIdNumber ?? present(v.sip_from_user) ?? '',
    callee: dialledNumberOf(profile?.destinationNumber ?? present(v.sip_req_user) ?? present(v.sip_to_user) ?? ''),
    context: profile?.context ?? present(v.user_context) ?? '',
    accountCode: present(v.accountcode),
    authUser: present(v.sip_auth_username),
    authRealm: present(v.sip_auth_realm),
    callerSipUser: present(v.sip_from_user),
    callerSipDomain: present(v.sip_from_host),
    sourceIp: present(v.sip_received_ip) ?? present(v.sip_network_ip) ?? profile?.networkAddr ?? '',
    ...times.value,
    hangupCause: present(v.hangup_cause) ?? '',
    hangupCauseQ850: integer(v.hangup_cause_q850),
    gateway: gatewayOf(v, leg),
    otherLegUuid: leg === 'a' ? otherOfA(v) : otherOfB(v, uuid),
    tollgate: readTollgateFacts(v),
  });
}

interface Times {
  readonly startedAtEpochMs: number;
  readonly answeredAtEpochMs: number | null;
  readonly endedAtEpochMs: number;
  readonly billsec: number;
  readonly billmsec: number;
}

function timesOf(v: Vars): FsResult<Times> {
  const started = epochMs(v.start_uepoch, v.start_epoch);
  const ended = epochMs(v.end_uepoch, v.end_epoch);
  if (started === null || started === 0) return missing('start_epoch');
  if (ended === null || ended === 0) return missing('end_epoch');
  const answeredRaw = epochMs(v.answer_uepoch, v.answer_epoch);
  const answered = answeredRaw === null || answeredRaw === 0 ? null : answeredRaw;
  const derivedMs = answered === null ? 0 : Math.max(0, ended - answered);
  const billmsec = integer(v.billmsec) ?? derivedMs;
  const billsec = integer(v.billsec) ?? derivedSeconds(v, answered);
  return fsOk({
    startedAtEpochMs: started,
    answeredAtEpochMs: answered,
    endedAtEpochMs: ended,
    billsec,
    billmsec,
  });
}

// FreeSWITCH subtracts truncated second epochs; do the same when billsec is missing.
function derivedSeconds(v: Vars, answered: number | null): number {
  if (answered === null) return 0;
  const end = integer(v.end_epoch);
  const answer = integer(v.answer_epoch);
  return end !== null && answer !== null ? Math.max(0, end - answer) : 0;
}

function epochMs(micros: string | undefined, seconds: string | undefined): number | null {
  const us = integer(micros);
  if (us !== null) return Math.floor(us / 1000);
  const s = integer(seconds);
  return s === null ? null : s * 1000;
}

function legOf(v: Vars, uuid: string): CdrLeg {
  if (present(v.originator) !== null || present(v.originating_leg_uuid) !== null) return 'b';
  const callUuid = present(v.call_uuid);
  return callUuid !== null && callUuid !== uuid ? 'b' : 'a';
}

function directionOf(direction: string | null, leg: CdrLeg): CdrDirection {
  if (direction === 'inbound' || direction === 'outbound') return direction;
  return leg === 'a' ? 'inbound' : 'outbound';
}

function gatewayOf(v: Vars, leg: CdrLeg): string | null {
  if (leg === 'b') return present(v.sip_gateway_name) ?? gatewayInChannel(v.channel_name);
  const lastBridge = v.last_app === 'bridge' ? singleGateway(v.last_arg) : null;
  return gatewayInChannel(v.bridge_channel) ?? lastBridge;
}

// `{a=1}[b=2]sofia/gateway/gw/123` names one gateway; `x|y` or `x,y` could be any of them.
function singleGateway(dialString: string | undefined): string | null {
  if (dialString === undefined) return null;
  const endpoints = dialString
    .replace(/\{[^}]*\}|\[[^\]]*\]/g, '')
    .split(/[|,]/)
    .map((endpoint) => endpoint.trim())
    .filter((endpoint) => endpoint !== '');
  return endpoints.length === 1 ? gatewayInChannel(endpoints[0]) : null;
}

const GATEWAY_CHANNEL = /^sofia\/gateway\/([^/]+)\//;

function gatewayInChannel(channel: string | undefined): string | null {
  const match = channel === undefined ? null : GATEWAY_CHANNEL.exec(channel);
  return match?.[1] ?? null;
}

function otherOfA(v: Vars): string | null {
  return present(v.last_bridge_to) ?? present(v.signal_bond);
}

function otherOfB(v: Vars, uuid: string): string | null {
  const candidate =
    present(v.originating_leg_uuid) ?? present(v.call_uuid) ?? present(v.signal_bond);
  return candidate === uuid ? null : candidate;
}

function missing(name: string): FsResult<never> {
  return fsFail('missing_field', `the CDR has no ${name}`);
}

function present(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function integer(value: string | undefined): number | null {
  return value !== undefined && /^[0-9]{1,16}$/.test(value) ? Number(value) : null;
}
