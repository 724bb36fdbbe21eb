/**
 * After routing: the legs as FreeSWITCH reports them (A-leg with its bridge facts, one B-leg
 * per originated endpoint), their CDR documents posted by mod_json_cdr, and the outcome.
 */
import type { BridgeAttempt } from './bridge';
import { causeQ850, sipStatusForCause } from './causes';
import type { CallState } from './call-state';
import { legCdrDocument, type LegRecord } from './cdr-legs';
import type { JsonCdrPoster, PostReport } from './json-cdr-poster';
import type { CallOutcome, DialplanExchange } from './outcome';
import { zeroTimes, type CallerProfile } from './profiles';
import type { SwitchIdentity } from './request-body';
import type { Routing } from './routing';

export interface FinishInput {
  readonly identity: SwitchIdentity;
  readonly state: CallState;
  readonly profiles: readonly CallerProfile[];
  readonly requests: readonly DialplanExchange[];
  readonly routing: Routing;
  readonly newUuid: () => string;
  readonly poster: JsonCdrPoster | null;
}

export async function finishCall(input: FinishInput): Promise<CallOutcome> {
  const { state, routing } = input;
  const aUuid = state.variables.get('uuid') ?? '';
  const attempts =
    routing.kind === 'bridged'
      ? [...routing.failedAttempts, ...routing.bridge.attempts]
      : routing.kind === 'transfer'
        ? []
        : routing.attempts;
  const winnerIndex =
    routing.kind === 'bridged'
      ? attempts.findIndex((a) => a.endpoint === routing.bridge.endpoint)
      : -1;
  const winner = attempts[winnerIndex] ?? null;
  const bUuids = attempts.map(() => input.newUuid());
  const endedAtUs = routing.kind === 'bridged' ? routing.bridge.endedAtUs : state.nowUs;
  const cause =
    routing.kind === 'bridged'
      ? routing.bridge.hangupCause
      : routing.kind === 'transfer'
        ? 'NORMAL_CLEARING'
        : routing.cause;
  const bLegs = attempts.map((attempt, index) =>
    bLeg(
      input,
      attempt,
      bUuids[index] ?? '',
      attempt === winner
        ? {
            answeredAtUs: routing.kind === 'bridged' ? routing.bridge.answeredAtUs : 0,
            endedAtUs,
            cause,
          }
        : null,
    ),
  );
  const last = state.executed[state.executed.length - 1];
  if (last !== undefined) {
    state.variables.set('last_app', last.app);
    state.variables.set('last_arg', last.data);
  }
  if (winner !== null) addBridgeFacts(state, bUuids[winnerIndex] ?? '', bLegs[winnerIndex]);
  const aLeg: LegRecord = {
    uuid: aUuid,
    direction: 'inbound',
    variables: [...state.variables.entries()],
    profiles: input.profiles,
    startedAtUs: input.profiles[0]?.times.channelCreatedUs ?? state.nowUs,
    answeredAtUs: routing.kind === 'bridged' ? state.answeredAtUs : null,
    endedAtUs,
    hangupCause: cause,
    applications: state.executed.map((e) => ({ app_name: e.app, app_data: e.data })),
  };
  const cdrPosts = await postAll(input, aLeg, bLegs);
  return outcome(input, aLeg, bLegs, attempts, cdrPosts, cause, winnerIndex);
}

function outcome(
  input: FinishInput,
  aLeg: LegRecord,
  bLegs: LegRecord[],
  attempts: BridgeAttempt[],
  cdrPosts: PostReport[],
  cause: string,
  winnerIndex: number,
): CallOutcome {
  const { routing, state } = input;
  const common = {
    hangupCause: cause,
    hangupCauseQ850: causeQ850(cause),
    requests: input.requests,
    variables: Object.fromEntries(state.variables),
    executed: state.executed,
    attempts,
    aLeg,
    bLegs,
    cdrPosts,
  };
  if (routing.kind === 'bridged') {
    const b = routing.bridge;
    const answeredLeg = bLegs[winnerIndex];
    return {
      ...common,
      kind: 'bridged',
      endpoint: b.endpoint,
      gateway: b.endpoint.gateway,
      answeredAtUs: b.answeredAtUs,
      endedAtUs: b.endedAtUs,
      billsec: Math.floor(b.endedAtUs / 1e6) - Math.floor(b.answeredAtUs / 1e6),
      maxDurationSeconds: b.maxDurationSeconds,
      bLegVariables: Object.fromEntries(answeredLeg?.variables ?? []),
    };
  }
  if (routing.kind === 'refused') {
    return {
      ...common,
      kind: 'refused',
      sipStatus: routing.sipStatus ?? sipStatusForCause(cause),
      via: routing.via,
    };
  }
  const remote = attempts[attempts.length - 1]?.result.sipStatus;
  const mirror = remote !== undefined && state.variables.get('sip_ignore_remote_cause') !== 'true';
  const sipStatus =
    cause === 'ORIGINATOR_CANCEL' ? 487 : mirror ? remote : sipStatusForCause(cause);
  return { ...common, kind: 'unanswered', sipStatus };
}

interface Answer {
  readonly answeredAtUs: number;
  readonly endedAtUs: number;
  readonly cause: string;
}

function bLeg(
  input: FinishInput,
  attempt: BridgeAttempt,
  uuid: string,
  answer: Answer | null,
): LegRecord {
  const { state } = input;
  const aUuid = state.variables.get('uuid') ?? '';
  const endpoint = attempt.endpoint;
  const channelName =
    endpoint.gateway === null ? endpoint.dialString : `sofia/external/${endpoint.number}`;
  const callerId =
    state.variables.get('effective_caller_id_number') ?? input.profiles[0]?.callerIdNumber ?? '';
  const variables: [string, string][] = [
    ['direction', 'outbound'],
    ['uuid', uuid],
    ['call_uuid', aUuid],
    ['originator', aUuid],
    ['originating_leg_uuid', aUuid],
    ['channel_name', channelName],
    ['sip_to_user', endpoint.number],
    ['sip_req_user', endpoint.number],
    ...(endpoint.gateway === null
      ? []
      : [['sip_gateway_name', endpoint.gateway] as [string, string]]),
    ...[...state.exports.entries()],
    ...Object.entries(endpoint.legVariables),
    ...(answer === null ? [] : [['signal_bond', aUuid] as [string, string]]),
    ...(attempt.result.sipStatus === undefined
      ? []
      : [['sip_term_status', String(attempt.result.sipStatus)] as [string, string]]),
  ];
  const startedAtUs = attempt.startedAtUs;
  const profile: CallerProfile = {
    ...(input.profiles[input.profiles.length - 1] as CallerProfile),
    direction: 'outbound',
    callerIdNumber: callerId,
    destinationNumber: endpoint.number,
    uuid,
    chanName: channelName,
    profileIndex: 1,
    times: zeroTimes(startedAtUs),
  };
  return {
    uuid,
    direction: 'outbound',
    variables,
    profiles: [profile],
    startedAtUs,
    answeredAtUs: answer?.answeredAtUs ?? null,
    endedAtUs: answer?.endedAtUs ?? startedAtUs + attempt.result.ringSeconds * 1_000_000,
    hangupCause: answer?.cause ?? attempt.cause ?? 'NORMAL_CLEARING',
    applications: [],
  };
}

function addBridgeFacts(state: CallState, bUuid: string, b: LegRecord | undefined): void {
  const channel = b?.variables.find(([name]) => name === 'channel_name')?.[1] ?? '';
  state.variables.set('originate_disposition', 'SUCCESS');
  state.variables.set('last_bridge_to', bUuid);
  state.variables.set('bridge_channel', channel);
  state.variables.set('bridge_uuid', bUuid);
  state.variables.set('signal_bond', bUuid);
}

async function postAll(
  input: FinishInput,
  aLeg: LegRecord,
  bLegs: LegRecord[],
): Promise<PostReport[]> {
  if (input.poster === null) return [];
  const reports: PostReport[] = [];
  // FreeSWITCH reports each leg as it is destroyed; B-legs of failed attempts go first.
  for (const leg of bLegs)
    reports.push(await input.poster.post(legCdrDocument(leg, input.identity), 'b'));
  reports.push(await input.poster.post(legCdrDocument(aLeg, input.identity), 'a'));
  return reports;
}
