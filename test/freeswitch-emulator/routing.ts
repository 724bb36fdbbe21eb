/**
 * Runs a hunted extension's applications on the A-leg, in order, until the call is refused,
 * transferred, bridged, or the list ends. A failed `bridge` continues the dialplan only when
 * `continue_on_fail` is `true` or names the cause; otherwise the A-leg hangs up with it.
 * Running out of applications unanswered hangs up with NORMAL_CLEARING (SIP 480).
 */
import { runApplication } from './applications';
import { simulateBridge, type BridgeAttempt, type BridgeOutcome, type CallScript } from './bridge';
import { CAUSES } from './causes';
import { expand, type CallState } from './call-state';
import type { HuntResult } from './dialplan';

export type Routing =
  | {
      readonly kind: 'refused';
      readonly cause: string;
      readonly sipStatus: number | null;
      readonly via: 'dialplan' | 'no_route';
      readonly attempts: BridgeAttempt[];
    }
  | { readonly kind: 'transfer'; readonly destination: string; readonly context: string | null }
  | {
      readonly kind: 'bridged';
      readonly bridge: Extract<BridgeOutcome, { kind: 'answered' }>;
      readonly failedAttempts: BridgeAttempt[];
    }
  | { readonly kind: 'unanswered'; readonly cause: string; readonly attempts: BridgeAttempt[] };

export function applyRouting(state: CallState, hunt: HuntResult, script: CallScript): Routing {
  if (hunt.kind === 'no_route') {
    return {
      kind: 'refused',
      cause: 'NO_ROUTE_DESTINATION',
      sipStatus: null,
      via: 'no_route',
      attempts: [],
    };
  }
  const failed: BridgeAttempt[] = [];
  let lastCause: string | null = null;
  for (const { app, data } of hunt.applications) {
    if (app === 'bridge') {
      const dial = expand(data, state.variables);
      state.executed.push({ app, data: dial });
      const outcome = simulateBridge(state, dial, script);
      if (outcome.kind === 'answered')
        return { kind: 'bridged', bridge: outcome, failedAttempts: failed };
      failed.push(...outcome.attempts);
      state.nowUs = outcome.endedAtUs;
      lastCause = outcome.cause;
      if (outcome.cause === 'ORIGINATOR_CANCEL' || !continueOnFail(state, outcome.cause)) break;
      continue;
    }
    const step = runApplication(state, app, data);
    if (step.kind === 'refused') return { ...step, via: 'dialplan', attempts: failed };
    if (step.kind === 'transfer') return step;
  }
  if (lastCause !== null) return { kind: 'unanswered', cause: lastCause, attempts: failed };
  return {
    kind: 'refused',
    cause: 'NORMAL_CLEARING',
    sipStatus: null,
    via: 'dialplan',
    attempts: failed,
  };
}

function continueOnFail(state: CallState, cause: string): boolean {
  const value = state.variables.get('continue_on_fail') ?? 'false';
  if (value === 'true') return true;
  const listed = value.split(',').map((item) => item.trim().toUpperCase());
  return listed.includes(cause) || listed.includes(String(CAUSES[cause] ?? ''));
}
