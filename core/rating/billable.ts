/**
 * Billable rules: which seconds of a finished call are charged. They belong to the same rating
 * function the edge uses for its max-seconds answer, so the two can never disagree.
 *
 * Defaults (what the CLI uses): every hangup cause bills its answered seconds, `billsec`
 * (FreeSWITCH's truncated seconds) is the duration, and there is no minimum.
 */
export interface BillableRules {
  /** Hangup causes that bill; `null` means every cause bills (unanswered calls have 0 s anyway). */
  readonly billedHangupCauses: ReadonlySet<string> | null;
  /** `billsec` (truncated, default) or `billmsec` rounded up to whole seconds. */
  readonly duration: 'billsec' | 'billmsec_ceil';
  /** A charged call is charged for at least this many seconds (0 = no minimum). */
  readonly minimumBillableSeconds: number;
}

export const DEFAULT_BILLABLE_RULES: BillableRules = {
  billedHangupCauses: null,
  duration: 'billsec',
  minimumBillableSeconds: 0,
};

export interface FinishedCall {
  readonly billsec: number;
  readonly billmsec?: number;
  readonly hangupCause?: string;
}

/** The seconds a finished call is charged for under `rules` (0 when it does not bill). */
export function chargedSeconds(rules: BillableRules, call: FinishedCall): number {
  if (rules.billedHangupCauses !== null) {
    if (call.hangupCause === undefined || !rules.billedHangupCauses.has(call.hangupCause)) return 0;
  }
  const seconds =
    rules.duration === 'billmsec_ceil' && call.billmsec !== undefined
      ? Math.ceil(call.billmsec / 1000)
      : call.billsec;
  if (seconds <= 0) return 0;
  return Math.max(seconds, rules.minimumBillableSeconds);
}

/**
 * The most a call authorized for `maxSeconds` can be charged for: what the edge holds for it.
 * A call cut at its maximum is billed that many seconds, one more under `billmsec_ceil` (the
 * hangup lands a few milliseconds late), and at least the minimum. Any hangup cause may bill.
 */
export function longestChargedSeconds(rules: BillableRules, maxSeconds: number): number {
  if (maxSeconds <= 0) return 0;
  const seconds = rules.duration === 'billmsec_ceil' ? maxSeconds + 1 : maxSeconds;
  return Math.max(seconds, rules.minimumBillableSeconds);
}

/** A rate group's stored `billing` settings as rules (absent settings: the defaults). */
export function billableRulesOf(
  billing:
    | {
        readonly duration?: BillableRules['duration'];
        readonly minimumBillableSeconds?: number;
        readonly billedHangupCauses?: readonly string[] | null;
      }
    | undefined,
): BillableRules {
  if (billing === undefined) return DEFAULT_BILLABLE_RULES;
  return {
    billedHangupCauses: billing.billedHangupCauses ? new Set(billing.billedHangupCauses) : null,
    duration: billing.duration ?? DEFAULT_BILLABLE_RULES.duration,
    minimumBillableSeconds: billing.minimumBillableSeconds ?? 0,
  };
}
