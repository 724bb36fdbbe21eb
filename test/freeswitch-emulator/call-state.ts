import { str2cause } from './causes';

/**
 * What the emulated A-leg accumulates while its dialplan applications run: channel variables
 * (insertion-ordered, as FreeSWITCH lists them), variables exported to the legs it will
 * originate, and hangups scheduled by `sched_hangup` / `execute_on_answer`.
 */

export interface ScheduledHangup {
  /** Absolute time, for `sched_hangup` run in the dialplan (ringing counts). */
  readonly atUs?: number;
  /** Seconds after answer, for `execute_on_answer=sched_hangup +N` and B-leg pre-execute. */
  readonly afterAnswerSeconds?: number;
  readonly cause: string;
  /** Where it came from: `dialplan`, `a_on_answer`, `b_on_answer` or `b_pre_execute`. */
  readonly source: string;
}

export interface CallState {
  nowUs: number;
  readonly variables: Map<string, string>;
  /** `export`ed variables (without `nolocal:`), given to every B-leg. */
  readonly exports: Map<string, string>;
  readonly schedules: ScheduledHangup[];
  answeredAtUs: number | null;
  readonly executed: { app: string; data: string }[];
}

/** `${name}` expansion as the core does when an application runs (unknown names are empty). */
export function expand(text: string, variables: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => variables.get(name) ?? '');
}

/** `sched_hangup` data: `[+]<seconds> [<cause>] [bleg]`; ALLOTTED_TIMEOUT by default. */
export function parseSchedHangup(
  data: string,
): { seconds: number; relative: boolean; cause: string } | null {
  const [time = '', cause] = data.trim().split(/\s+/);
  const match = /^(\+?)(\d+)$/.exec(time);
  if (match === null) return null;
  const named = cause !== undefined && cause !== 'bleg' ? cause : 'ALLOTTED_TIMEOUT';
  return { seconds: Number(match[2]), relative: match[1] === '+', cause: named };
}

/** `execute_on_answer` values that cut the call: `sched_hangup +N [cause]`. */
export function onAnswerSchedule(
  value: string | undefined,
  source: string,
): ScheduledHangup | null {
  if (value === undefined) return null;
  const match = /^sched_hangup\s+(.*)$/.exec(value.trim());
  const parsed = match === null ? null : parseSchedHangup(match[1] ?? '');
  if (parsed === null || !parsed.relative) return null;
  return { afterAnswerSeconds: parsed.seconds, cause: str2cause(parsed.cause), source };
}
