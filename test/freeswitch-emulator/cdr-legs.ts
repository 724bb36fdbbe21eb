/**
 * Turns an emulated leg into the CDR FreeSWITCH would report for it: the channel variables plus
 * the timestamps `switch_channel_set_timestamps` adds (µs epochs, truncated-second billsec,
 * billmsec from truncated milliseconds), the outcome fields, the app log and the callflow.
 */
import { causeQ850 } from './causes';
import type { CdrApplication, CdrLegDocument } from './cdr-documents';
import { profileCallflowFields, profileTimesFields, type CallerProfile } from './profiles';
import type { SwitchIdentity } from './request-body';

export interface LegRecord {
  readonly uuid: string;
  readonly direction: 'inbound' | 'outbound';
  readonly variables: readonly (readonly [string, string])[];
  /** Caller profiles, oldest first. */
  readonly profiles: readonly CallerProfile[];
  readonly startedAtUs: number;
  readonly answeredAtUs: number | null;
  readonly endedAtUs: number;
  readonly hangupCause: string;
  readonly applications: readonly CdrApplication[];
}

export function legCdrDocument(leg: LegRecord, identity: SwitchIdentity): CdrLegDocument {
  const variables = new Map(
    leg.variables.map(([name, value]) => [name, value] as [string, string]),
  );
  for (const [name, value] of timingVariables(leg, identity)) variables.set(name, value);
  return {
    coreUuid: identity.coreUuid,
    switchname: identity.switchname,
    channelData: {
      state: 'CS_REPORTING',
      direction: leg.direction,
      state_number: '11',
      flags: '0=1',
      caps: '1=1',
    },
    variables: [...variables.entries()],
    appLog: leg.applications,
    callflow: [...leg.profiles].reverse().map((profile, index) => ({
      dialplan: 'XML',
      profile_index: String(profile.profileIndex),
      caller_profile: profileCallflowFields(profile),
      times: profileTimesFields({
        ...profile.times,
        answeredUs: index === 0 ? (leg.answeredAtUs ?? 0) : profile.times.answeredUs,
        hangupUs: index === 0 ? leg.endedAtUs : 0,
      }),
    })),
  };
}

function timingVariables(leg: LegRecord, identity: SwitchIdentity): [string, string][] {
  const seconds = (us: number) => Math.floor(us / 1_000_000);
  const millis = (us: number) => Math.floor(us / 1000);
  const answered = leg.answeredAtUs;
  const stamp = (us: number) =>
    new Date(millis(us) + identity.utcOffsetMinutes * 60_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
  const billsec = answered === null ? 0 : seconds(leg.endedAtUs) - seconds(answered);
  const billmsec = answered === null ? 0 : millis(leg.endedAtUs) - millis(answered);
  return [
    ['hangup_cause', leg.hangupCause],
    ['hangup_cause_q850', String(causeQ850(leg.hangupCause))],
    ['start_stamp', stamp(leg.startedAtUs)],
    ...(answered === null ? [] : [['answer_stamp', stamp(answered)] as [string, string]]),
    ['end_stamp', stamp(leg.endedAtUs)],
    ['start_epoch', String(seconds(leg.startedAtUs))],
    ['start_uepoch', String(leg.startedAtUs)],
    ['answer_epoch', String(answered === null ? 0 : seconds(answered))],
    ['answer_uepoch', String(answered ?? 0)],
    ['end_epoch', String(seconds(leg.endedAtUs))],
    ['end_uepoch', String(leg.endedAtUs)],
    ['duration', String(seconds(leg.endedAtUs) - seconds(leg.startedAtUs))],
    ['billsec', String(billsec)],
    ['mduration', String(millis(leg.endedAtUs) - millis(leg.startedAtUs))],
    ['billmsec', String(billmsec)],
    ['uduration', String(leg.endedAtUs - leg.startedAtUs)],
    ['billusec', String(answered === null ? 0 : leg.endedAtUs - answered)],
  ];
}
