/** What one emulated call ends as, as a billing test wants to assert it. */
import type { BridgeAttempt } from './bridge';
import type { LegRecord } from './cdr-legs';
import type { BridgeEndpoint } from './dial-string';
import type { PostReport } from './json-cdr-poster';
import type { LocateResult } from './xml-curl-client';

export interface DialplanExchange {
  /** The exact POST body sent (same for every binding tried). */
  readonly body: string;
  readonly huntContext: string;
  readonly huntDestination: string;
  readonly located: LocateResult;
}

interface OutcomeCommon {
  readonly hangupCause: string;
  readonly hangupCauseQ850: number;
  readonly requests: readonly DialplanExchange[];
  /** The A-leg's channel variables when it hung up (what its CDR carries). */
  readonly variables: Readonly<Record<string, string>>;
  readonly executed: readonly { readonly app: string; readonly data: string }[];
  readonly attempts: readonly BridgeAttempt[];
  readonly aLeg: LegRecord;
  readonly bLegs: readonly LegRecord[];
  readonly cdrPosts: readonly PostReport[];
}

export type CallOutcome =
  | (OutcomeCommon & {
      readonly kind: 'refused';
      /** The final SIP response the caller got. */
      readonly sipStatus: number;
      /**
       * `dialplan`: an explicit hangup/respond; `no_route`: no document, context or extension;
       * `directory`: the digest challenge failed (403, no dialplan request, no CDR).
       */
      readonly via: 'dialplan' | 'no_route' | 'directory';
    })
  | (OutcomeCommon & { readonly kind: 'unanswered'; readonly sipStatus: number })
  | (OutcomeCommon & {
      readonly kind: 'bridged';
      readonly endpoint: BridgeEndpoint;
      readonly gateway: string | null;
      readonly answeredAtUs: number;
      readonly endedAtUs: number;
      readonly billsec: number;
      /** Talk time allowed by the earliest scheduled hangup, from answer; null when unlimited. */
      readonly maxDurationSeconds: number | null;
      readonly bLegVariables: Readonly<Record<string, string>>;
    });
