/**
 * The dialplan applications the emulator interprets on the A-leg before (and instead of) a
 * bridge: `set`, `export`, `unset`, `sched_hangup`, `hangup`, `respond`, `answer`, `transfer`,
 * `sleep`. Anything else is recorded and otherwise ignored (`log`, `limit`, `playback`, …).
 */
import { causeForSipStatus, str2cause } from './causes';
import { expand, parseSchedHangup, type CallState } from './call-state';

export type StepResult =
  | { readonly kind: 'continue' }
  | { readonly kind: 'refused'; readonly cause: string; readonly sipStatus: number | null }
  | { readonly kind: 'transfer'; readonly destination: string; readonly context: string | null };

const CONTINUE: StepResult = { kind: 'continue' };

export function runApplication(state: CallState, app: string, rawData: string): StepResult {
  const data = expand(rawData, state.variables);
  state.executed.push({ app, data });
  switch (app) {
    case 'set':
      return assign(state, data, false);
    case 'export':
      return assign(state, data, true);
    case 'unset':
      state.variables.delete(data.trim());
      return CONTINUE;
    case 'sched_hangup':
      return schedule(state, data);
    case 'hangup':
      return {
        kind: 'refused',
        cause: str2cause(data === '' ? 'NORMAL_CLEARING' : data),
        sipStatus: null,
      };
    case 'respond':
      return respond(data);
    case 'answer':
      state.answeredAtUs ??= state.nowUs;
      return CONTINUE;
    case 'sleep':
      state.nowUs += (Number.parseInt(data, 10) || 0) * 1000;
      return CONTINUE;
    case 'transfer':
      return transfer(data);
    default:
      return CONTINUE;
  }
}

// `set name=value`; `export [nolocal:]name=value` also hands the variable to future B-legs.
function assign(state: CallState, data: string, exported: boolean): StepResult {
  const at = data.indexOf('=');
  if (at <= 0) return CONTINUE;
  let name = data.slice(0, at);
  const value = data.slice(at + 1);
  const nolocal = exported && name.startsWith('nolocal:');
  if (nolocal) name = name.slice('nolocal:'.length);
  if (!nolocal) state.variables.set(name, value);
  if (exported) {
    state.exports.set(name, value);
    const list = state.variables.get('export_vars');
    state.variables.set('export_vars', list === undefined ? name : `${list},${name}`);
  }
  return CONTINUE;
}

function schedule(state: CallState, data: string): StepResult {
  const parsed = parseSchedHangup(data);
  if (parsed === null) return CONTINUE;
  const atUs = parsed.relative
    ? state.nowUs + parsed.seconds * 1_000_000
    : parsed.seconds * 1_000_000;
  state.schedules.push({ atUs, cause: str2cause(parsed.cause), source: 'dialplan' });
  return CONTINUE;
}

// mod_sofia `respond`: a final SIP status refuses the call; the channel's cause is mapped back.
function respond(data: string): StepResult {
  const status = Number.parseInt(data, 10);
  if (!Number.isInteger(status) || status < 300) return CONTINUE;
  return { kind: 'refused', cause: causeForSipStatus(status), sipStatus: status };
}

function transfer(data: string): StepResult {
  const [destination = '', , context] = data.trim().split(/\s+/);
  return { kind: 'transfer', destination, context: context ?? null };
}
