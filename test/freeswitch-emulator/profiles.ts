/**
 * Caller profiles and the event headers FreeSWITCH derives from them
 * (`switch_caller_profile_event_set_data`, prefix `Caller` or `Hunt`): optional fields are
 * skipped when empty, in the order the source writes them.
 */

export interface ProfileTimes {
  readonly profileCreatedUs: number;
  readonly channelCreatedUs: number;
  readonly answeredUs: number;
  readonly progressUs: number;
  readonly progressMediaUs: number;
  readonly hangupUs: number;
  readonly transferUs: number;
  readonly resurrectUs: number;
  readonly bridgedUs: number;
  readonly lastHoldUs: number;
  readonly holdAccumUs: number;
}

export interface CallerProfile {
  readonly direction: 'inbound' | 'outbound';
  readonly username: string;
  readonly dialplan: string;
  readonly callerIdName: string;
  readonly callerIdNumber: string;
  readonly networkAddr: string;
  readonly ani: string;
  readonly destinationNumber: string;
  readonly uuid: string;
  readonly source: string;
  readonly context: string;
  readonly chanName: string;
  readonly profileIndex: number;
  readonly transferSource?: string;
  readonly rdnis?: string;
  readonly times: ProfileTimes;
}

export function zeroTimes(createdUs: number): ProfileTimes {
  return {
    profileCreatedUs: createdUs,
    channelCreatedUs: createdUs,
    answeredUs: 0,
    progressUs: 0,
    progressMediaUs: 0,
    hangupUs: 0,
    transferUs: 0,
    resurrectUs: 0,
    bridgedUs: 0,
    lastHoldUs: 0,
    holdAccumUs: 0,
  };
}

export function profileHeaders(prefix: 'Caller' | 'Hunt', p: CallerProfile): [string, string][] {
  const optional: [string, string | undefined][] = [
    ['Username', p.username],
    ['Dialplan', p.dialplan],
    ['Caller-ID-Name', p.callerIdName],
    ['Caller-ID-Number', p.callerIdNumber],
    ['Orig-Caller-ID-Name', p.callerIdName],
    ['Orig-Caller-ID-Number', p.callerIdNumber],
    ['Network-Addr', p.networkAddr],
    ['ANI', p.ani],
    ['Destination-Number', p.destinationNumber],
    ['Unique-ID', p.uuid],
    ['Source', p.source],
    ['Transfer-Source', p.transferSource],
    ['Context', p.context],
    ['RDNIS', p.rdnis],
    ['Channel-Name', p.chanName],
    ['Profile-Index', String(p.profileIndex)],
  ];
  const t = p.times;
  const times: [string, number][] = [
    ['Profile-Created-Time', t.profileCreatedUs],
    ['Channel-Created-Time', t.channelCreatedUs],
    ['Channel-Answered-Time', t.answeredUs],
    ['Channel-Progress-Time', t.progressUs],
    ['Channel-Progress-Media-Time', t.progressMediaUs],
    ['Channel-Hangup-Time', t.hangupUs],
    ['Channel-Transfer-Time', t.transferUs],
    ['Channel-Resurrect-Time', t.resurrectUs],
    ['Channel-Bridged-Time', t.bridgedUs],
    ['Channel-Last-Hold', t.lastHoldUs],
    ['Channel-Hold-Accum', t.holdAccumUs],
  ];
  return [
    [`${prefix}-Direction`, p.direction],
    [`${prefix}-Logical-Direction`, p.direction],
    ...optional
      .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
      .map(([name, value]): [string, string] => [`${prefix}-${name}`, value]),
    ...times.map(([name, value]): [string, string] => [`${prefix}-${name}`, String(value)]),
    [`${prefix}-Screen-Bit`, 'true'],
    [`${prefix}-Privacy-Hide-Name`, 'false'],
    [`${prefix}-Privacy-Hide-Number`, 'false'],
  ];
}

/** The callflow entry mod_json_cdr writes for a profile (µs times as strings). */
export function profileCallflowFields(p: CallerProfile): Record<string, string> {
  return {
    username: p.username,
    dialplan: p.dialplan,
    caller_id_name: p.callerIdName,
    ani: p.ani,
    aniii: '',
    caller_id_number: p.callerIdNumber,
    network_addr: p.networkAddr,
    rdnis: p.rdnis ?? '',
    destination_number: p.destinationNumber,
    uuid: p.uuid,
    source: p.source,
    context: p.context,
    chan_name: p.chanName,
  };
}

export function profileTimesFields(t: ProfileTimes): Record<string, string> {
  return {
    created_time: String(t.channelCreatedUs),
    profile_created_time: String(t.profileCreatedUs),
    progress_time: String(t.progressUs),
    progress_media_time: String(t.progressMediaUs),
    answered_time: String(t.answeredUs),
    bridged_time: String(t.bridgedUs),
    last_hold_time: String(t.lastHoldUs),
    hold_accum_time: String(t.holdAccumUs),
    hangup_time: String(t.hangupUs),
    resurrect_time: String(t.resurrectUs),
    transfer_time: String(t.transferUs),
  };
}
