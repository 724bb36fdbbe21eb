/**
 * Hangup causes as FreeSWITCH names and numbers them (switch_types.h `switch_call_cause_t`,
 * switch_channel.c `CAUSE_CHART`), the SIP code mod_sofia answers an unanswered inbound leg
 * with (`hangup_cause_to_sip`), and the cause a SIP failure maps to
 * (`sofia_glue_sip_cause_to_freeswitch`). Only the causes billing meets are listed.
 */

export const CAUSES: Readonly<Record<string, number>> = {
  NONE: 0,
  UNALLOCATED_NUMBER: 1,
  NO_ROUTE_DESTINATION: 3,
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONSE: 18,
  NO_ANSWER: 19,
  SUBSCRIBER_ABSENT: 20,
  CALL_REJECTED: 21,
  NUMBER_CHANGED: 22,
  DESTINATION_OUT_OF_ORDER: 27,
  INVALID_NUMBER_FORMAT: 28,
  FACILITY_REJECTED: 29,
  NORMAL_UNSPECIFIED: 31,
  NORMAL_CIRCUIT_CONGESTION: 34,
  NETWORK_OUT_OF_ORDER: 38,
  NORMAL_TEMPORARY_FAILURE: 41,
  SWITCH_CONGESTION: 42,
  FACILITY_NOT_SUBSCRIBED: 50,
  OUTGOING_CALL_BARRED: 52,
  INCOMING_CALL_BARRED: 54,
  BEARERCAPABILITY_NOTAUTH: 57,
  SERVICE_UNAVAILABLE: 63,
  SERVICE_NOT_IMPLEMENTED: 79,
  INCOMPATIBLE_DESTINATION: 88,
  RECOVERY_ON_TIMER_EXPIRE: 102,
  INTERWORKING: 127,
  ORIGINATOR_CANCEL: 487,
  ALLOTTED_TIMEOUT: 602,
  DECLINE: 816,
  REJECT_ALL: 825,
};

/** `switch_channel_str2cause`: a name or a number; anything unknown is NORMAL_CLEARING. */
export function str2cause(text: string): string {
  const trimmed = text.trim().toUpperCase();
  if (Object.hasOwn(CAUSES, trimmed)) return trimmed;
  if (/^[0-9]+$/.test(trimmed)) {
    const byNumber = Object.entries(CAUSES).find(([, number]) => number === Number(trimmed));
    if (byNumber !== undefined) return byNumber[0];
  }
  return 'NORMAL_CLEARING';
}

/** `switch_channel_cause_q850`: causes above 127 are reported as 16. */
export function causeQ850(cause: string): number {
  const number = CAUSES[cause] ?? 16;
  return number > 127 ? 16 : number;
}

const SIP_FOR_CAUSE: Readonly<Record<string, number>> = {
  UNALLOCATED_NUMBER: 404,
  NO_ROUTE_DESTINATION: 404,
  USER_BUSY: 486,
  NO_USER_RESPONSE: 408,
  NO_ANSWER: 480,
  SUBSCRIBER_ABSENT: 480,
  CALL_REJECTED: 603,
  NUMBER_CHANGED: 410,
  DESTINATION_OUT_OF_ORDER: 502,
  INVALID_NUMBER_FORMAT: 484,
  FACILITY_REJECTED: 501,
  NORMAL_CIRCUIT_CONGESTION: 503,
  NETWORK_OUT_OF_ORDER: 502,
  NORMAL_TEMPORARY_FAILURE: 503,
  SWITCH_CONGESTION: 503,
  OUTGOING_CALL_BARRED: 403,
  INCOMING_CALL_BARRED: 403,
  BEARERCAPABILITY_NOTAUTH: 403,
  SERVICE_NOT_IMPLEMENTED: 501,
  INCOMPATIBLE_DESTINATION: 488,
  RECOVERY_ON_TIMER_EXPIRE: 504,
  ORIGINATOR_CANCEL: 487,
  DECLINE: 603,
  REJECT_ALL: 603,
};

/** `hangup_cause_to_sip`: the final response to an unanswered inbound leg (default 480). */
export function sipStatusForCause(cause: string): number {
  return SIP_FOR_CAUSE[cause] ?? 480;
}

const CAUSE_FOR_SIP: readonly (readonly [readonly number[], string])[] = [
  [[401, 402, 403, 407, 603, 608], 'CALL_REJECTED'],
  [[404], 'UNALLOCATED_NUMBER'],
  [[485, 604], 'NO_ROUTE_DESTINATION'],
  [[408, 504], 'RECOVERY_ON_TIMER_EXPIRE'],
  [[410], 'NUMBER_CHANGED'],
  [[480], 'NO_USER_RESPONSE'],
  [[400, 481, 500, 503], 'NORMAL_TEMPORARY_FAILURE'],
  [[486, 600], 'USER_BUSY'],
  [[484], 'INVALID_NUMBER_FORMAT'],
  [[488, 606], 'INCOMPATIBLE_DESTINATION'],
  [[502], 'NETWORK_OUT_OF_ORDER'],
  [[405], 'SERVICE_UNAVAILABLE'],
  [[406, 415, 501], 'SERVICE_NOT_IMPLEMENTED'],
  [[487], 'ORIGINATOR_CANCEL'],
];

/** `sofia_glue_sip_cause_to_freeswitch`, for `respond` and for failed outbound legs. */
export function causeForSipStatus(status: number): string {
  return CAUSE_FOR_SIP.find(([codes]) => codes.includes(status))?.[1] ?? 'NORMAL_UNSPECIFIED';
}
