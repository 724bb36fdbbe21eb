/**
 * The normalized CDR: one leg of one call, in Tollgate's words, small enough (≤ 1 KB
 * typically) to spool, queue and store as is. The edge translates every FreeSWITCH CDR into
 * this; the cloud rates only this and knows nothing else of FreeSWITCH.
 *
 * Which leg is billed: the customer is rated from the A-leg (`leg: "a"`), which carries the
 * account, the dialled number and the `tollgate_*` facts; `billsec` there runs from the
 * A-leg's answer to its hangup. B-legs (`leg: "b"`, one per bridge attempt) give the carrier
 * side: `gateway` (`sip_gateway_name`) and `tollgate.trunk` name the trunk, and their billsec
 * is the carrier's. Legs of one call share `callUuid` (the A-leg's uuid).
 */
import type { TollgateFacts } from './channel-variables';

export type CdrLeg = 'a' | 'b';
export type CdrDirection = 'inbound' | 'outbound';

export interface NormalizedCdr {
  /** This leg's uuid: the idempotency key of the CDR everywhere downstream. */
  readonly uuid: string;
  /** The A-leg's uuid, shared by all legs of the call (`variables.call_uuid`). */
  readonly callUuid: string;
  readonly leg: CdrLeg;
  /** `channel_data.direction`: A-legs are `inbound`, legs FreeSWITCH dials `outbound`. */
  readonly direction: CdrDirection;
  /** Caller-ID number of the newest caller profile, else `sip_from_user`; '' if none. */
  readonly caller: string;
  /** Destination number of the newest caller profile (after transfers), else `sip_req_user`. */
  readonly callee: string;
  /** Dialplan context the call was routed in (newest profile). */
  readonly context: string;
  /** `accountcode` channel variable (set from the directory or the dialplan), or null. */
  readonly accountCode: string | null;
  /** Digest-authenticated SIP user (`sip_auth_username`), or null (ACL or not authenticated). */
  readonly authUser: string | null;
  readonly authRealm: string | null;
  /** SIP From user and host: the caller's SIP identity as sent, for imports. */
  readonly callerSipUser: string | null;
  readonly callerSipDomain: string | null;
  /** Signalling source: `sip_received_ip`, else `sip_network_ip`, else the profile's address. */
  readonly sourceIp: string;
  readonly startedAtEpochMs: number;
  /** Null when this leg was never answered (`answer_epoch` 0). */
  readonly answeredAtEpochMs: number | null;
  readonly endedAtEpochMs: number;
  /** Whole seconds answered, as FreeSWITCH computes them (truncated epochs); 0 if unanswered. */
  readonly billsec: number;
  /** Milliseconds answered; rounding rules use this, not billsec. */
  readonly billmsec: number;
  /** FreeSWITCH cause name, e.g. `NORMAL_CLEARING`, `ORIGINATOR_CANCEL`. */
  readonly hangupCause: string;
  /** Q.850 number; causes above 127 are reported as 16 by FreeSWITCH. */
  readonly hangupCauseQ850: number | null;
  /** FreeSWITCH gateway this leg went through (B-leg `sip_gateway_name`), or null. */
  readonly gateway: string | null;
  /** The other leg: the bridged B-leg's uuid on an A-leg, the A-leg's uuid on a B-leg. */
  readonly otherLegUuid: string | null;
  /** The `tollgate_*` facts the edge set, or null for calls it did not authorize. */
  readonly tollgate: TollgateFacts | null;
}
