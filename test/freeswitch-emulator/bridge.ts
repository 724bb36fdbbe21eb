/**
 * `bridge` as the call sees it: failover groups tried in order, endpoints of a group rung at
 * once (the first to answer wins), a failed group costs the longest ring among its endpoints.
 * On answer the call's end is the earliest of: the parties hanging up (`talkSeconds`), a
 * dialplan `sched_hangup` (which counted ringing), and `sched_hangup +N` run on answer by
 * either leg (`execute_on_answer`, exported or per-endpoint, or `bridge_pre_execute_bleg_app`).
 */
import { causeForSipStatus } from './causes';
import { onAnswerSchedule, type CallState, type ScheduledHangup } from './call-state';
import { parseDialString, type BridgeEndpoint } from './dial-string';

/** What the far end does with one originated leg. */
export interface EndpointResult {
  readonly answered: boolean;
  /** Seconds from INVITE to answer or to the failure response. */
  readonly ringSeconds: number;
  /** Final SIP status of a failure (486 busy, 503, 404…). */
  readonly sipStatus?: number;
}

export interface CallScript {
  /** Decides each originated leg's fate; by default every endpoint answers after 2 s. */
  readonly network?: (endpoint: BridgeEndpoint, attempt: number) => EndpointResult;
  /** How long the parties talk if nothing cuts the call; default 60 s. */
  readonly talkSeconds?: number;
  /** The caller hangs up while ringing after this many seconds (ORIGINATOR_CANCEL). */
  readonly callerCancelsAfterSeconds?: number;
}

export interface BridgeAttempt {
  readonly endpoint: BridgeEndpoint;
  readonly attempt: number;
  readonly startedAtUs: number;
  readonly result: EndpointResult;
  readonly cause: string | null;
}

export type BridgeOutcome =
  | {
      readonly kind: 'answered';
      readonly endpoint: BridgeEndpoint;
      readonly attempts: BridgeAttempt[];
      readonly answeredAtUs: number;
      readonly endedAtUs: number;
      readonly hangupCause: string;
      /** The scheduled hangup that ended the call, or null when a party hung up. */
      readonly cutBy: ScheduledHangup | null;
      /** Talk time allowed from answer by the earliest schedule; null when none. */
      readonly maxDurationSeconds: number | null;
    }
  | {
      readonly kind: 'failed';
      readonly attempts: BridgeAttempt[];
      readonly cause: string;
      readonly endedAtUs: number;
    };

const SECOND_US = 1_000_000;

export function simulateBridge(state: CallState, data: string, script: CallScript): BridgeOutcome {
  const network = script.network ?? (() => ({ answered: true, ringSeconds: 2 }));
  const attempts: BridgeAttempt[] = [];
  const cancelAtUs =
    script.callerCancelsAfterSeconds === undefined
      ? Infinity
      : state.nowUs + script.callerCancelsAfterSeconds * SECOND_US;
  let lastCause = 'NO_ROUTE_DESTINATION';
  for (const group of parseDialString(data)) {
    const tried = group.map((endpoint) => {
      const result = network(endpoint, attempts.length);
      const attempt: BridgeAttempt = {
        endpoint,
        attempt: attempts.length,
        startedAtUs: state.nowUs,
        result,
        cause: result.answered ? null : causeForSipStatus(result.sipStatus ?? 480),
      };
      attempts.push(attempt);
      return attempt;
    });
    const winner = tried
      .filter((attempt) => attempt.result.answered)
      .sort((a, b) => a.result.ringSeconds - b.result.ringSeconds)[0];
    const ringUs = Math.max(...tried.map((a) => a.result.ringSeconds)) * SECOND_US;
    const early = earliestBefore(
      state,
      cancelAtUs,
      state.nowUs + (winner?.result.ringSeconds ?? ringUs / SECOND_US) * SECOND_US,
    );
    if (early !== null)
      return { kind: 'failed', attempts, cause: early.cause, endedAtUs: early.atUs };
    if (winner !== undefined) return answered(state, winner, attempts, script);
    state.nowUs += ringUs;
    lastCause = tried[tried.length - 1]?.cause ?? lastCause;
  }
  return { kind: 'failed', attempts, cause: lastCause, endedAtUs: state.nowUs };
}

// A caller's CANCEL or a dialplan sched_hangup that fires before the far end answers.
function earliestBefore(
  state: CallState,
  cancelAtUs: number,
  answerAtUs: number,
): { atUs: number; cause: string } | null {
  const candidates = [
    { atUs: cancelAtUs, cause: 'ORIGINATOR_CANCEL' },
    ...state.schedules
      .filter((s) => s.atUs !== undefined)
      .map((s) => ({ atUs: s.atUs as number, cause: s.cause })),
  ].filter((c) => c.atUs < answerAtUs);
  return candidates.sort((a, b) => a.atUs - b.atUs)[0] ?? null;
}

function answered(
  state: CallState,
  winner: BridgeAttempt,
  attempts: BridgeAttempt[],
  script: CallScript,
): BridgeOutcome {
  const answeredAtUs = state.nowUs + winner.result.ringSeconds * SECOND_US;
  state.answeredAtUs ??= answeredAtUs;
  const schedules = [...state.schedules, ...answerSchedules(state, winner.endpoint)];
  const deadlines = schedules.map((s) => ({
    schedule: s,
    atUs: s.atUs ?? answeredAtUs + (s.afterAnswerSeconds ?? 0) * SECOND_US,
  }));
  const earliest = deadlines.sort((a, b) => a.atUs - b.atUs)[0];
  const naturalEndUs = answeredAtUs + (script.talkSeconds ?? 60) * SECOND_US;
  const cut = earliest !== undefined && earliest.atUs < naturalEndUs ? earliest : undefined;
  return {
    kind: 'answered',
    endpoint: winner.endpoint,
    attempts,
    answeredAtUs,
    endedAtUs: cut?.atUs ?? naturalEndUs,
    hangupCause: cut?.schedule.cause ?? 'NORMAL_CLEARING',
    cutBy: cut?.schedule ?? null,
    maxDurationSeconds:
      earliest === undefined ? null : Math.max(0, earliest.atUs - answeredAtUs) / SECOND_US,
  };
}

function answerSchedules(state: CallState, endpoint: BridgeEndpoint): ScheduledHangup[] {
  const bVariables = { ...Object.fromEntries(state.exports), ...endpoint.legVariables };
  const preApp = state.variables.get('bridge_pre_execute_bleg_app');
  const preData = state.variables.get('bridge_pre_execute_bleg_data') ?? '';
  return [
    onAnswerSchedule(state.variables.get('execute_on_answer'), 'a_on_answer'),
    onAnswerSchedule(bVariables.execute_on_answer, 'b_on_answer'),
    preApp === 'sched_hangup' ? onAnswerSchedule(`sched_hangup ${preData}`, 'b_pre_execute') : null,
  ].filter((s): s is ScheduledHangup => s !== null);
}
