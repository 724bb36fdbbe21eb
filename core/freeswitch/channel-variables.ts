/**
 * The Tollgate channel-variable contract: what the edge agent writes into FreeSWITCH on every
 * call it answers, so that each CDR says by itself who pays, at which price list, under which
 * lease, and why a call was refused. Later issues (edge agent, CDR pipeline, checks) read these
 * names from here and nowhere else.
 *
 * How the edge sets them (see docs/freeswitch.md):
 * - call-wide facts with `export`, so they land on the A-leg and on every B-leg it originates
 *   (both CDRs carry them even with `log-b-leg` on or off);
 * - per-route facts (`tollgate_trunk`, `tollgate_route_prefix`) in each bridge endpoint's
 *   `[...]` block, so each B-leg names the trunk it actually tried;
 * - on a refusal, `tollgate_reason` with `set` before the `hangup`.
 * Values are plain ASCII tokens (ids, digits, codes): nothing that needs quoting in a dial string.
 */

export const TOLLGATE_VARIABLE_PREFIX = 'tollgate_';

/** The version of this contract, written as `tollgate_contract`; bump on incompatible change. */
export const TOLLGATE_CONTRACT_VERSION = '1';

export const TOLLGATE_VARIABLES = {
  /** Version of this contract the edge wrote (`1`). */
  contract: 'tollgate_contract',
  /** The account that pays for the call (the customer, not its resellers). */
  account: 'tollgate_account',
  /** The account's rate group whose sell rates priced the authorization. */
  rateGroup: 'tollgate_rate_group',
  /** Content hash of the compiled rate deck used; the CDR is rated with the same version. */
  deckVersion: 'tollgate_deck_version',
  /** The sell-rate prefix (dial code) matched for the callee. */
  prefix: 'tollgate_prefix',
  /** Id of the rate's weekday/time window in force when the call was authorized. */
  window: 'tollgate_window',
  /** Id of the credit lease the call's reservation was taken from; settled by this CDR. */
  lease: 'tollgate_lease',
  /** Longest affordable talk time granted, integer seconds; the scheduled hangup uses it. */
  maxSeconds: 'tollgate_max_seconds',
  /** Id of the edge agent that authorized the call. */
  edge: 'tollgate_edge',
  /** Trunk chosen for this bridge attempt (per endpoint, so it is on the B-leg). */
  trunk: 'tollgate_trunk',
  /** Termination prefix matched on that trunk (per endpoint, B-leg). */
  routePrefix: 'tollgate_route_prefix',
  /** Refusals only: the sentence-named reason code, e.g. `insufficient_funds`. */
  reason: 'tollgate_reason',
  /** `true` on a call to an emergency number: routed to the emergency trunk, rated 0. */
  emergency: 'tollgate_emergency',
  /**
   * Access-number calls only (docs/edge.md): the account the caller ID identified when it
   * called one of its access numbers, `set` on the A-leg before the destination is asked for.
   * The edge reads it back on the lookup after the transfer, and only in context
   * `tollgate_access`, which nothing but that transfer reaches.
   */
  accessAccount: 'tollgate_access_account',
} as const;

export type TollgateFactName = keyof typeof TOLLGATE_VARIABLES;

/** The `tollgate_*` facts found on a leg; a key is present only when its variable was set. */
export interface TollgateFacts {
  readonly contract?: string;
  readonly account?: string;
  readonly rateGroup?: string;
  readonly deckVersion?: string;
  readonly prefix?: string;
  readonly window?: string;
  readonly lease?: string;
  readonly maxSeconds?: number;
  readonly edge?: string;
  readonly trunk?: string;
  readonly routePrefix?: string;
  readonly reason?: string;
  readonly emergency?: string;
  readonly accessAccount?: string;
}

const FACT_NAMES = Object.keys(TOLLGATE_VARIABLES) as TollgateFactName[];

/** Reads the facts from a leg's (decoded) channel variables; null when the edge set none. */
export function readTollgateFacts(
  variables: Readonly<Record<string, string>>,
): TollgateFacts | null {
  const facts: Record<string, string | number> = {};
  let found = false;
  for (const name of FACT_NAMES) {
    const value = variables[TOLLGATE_VARIABLES[name]];
    if (value === undefined || value === '') continue;
    found = true;
    if (name !== 'maxSeconds') facts[name] = value;
    else if (/^[0-9]{1,9}$/.test(value)) facts[name] = Number(value);
  }
  return found ? (facts as TollgateFacts) : null;
}
