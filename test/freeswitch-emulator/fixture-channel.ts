/**
 * Rebuilds the emulator's inputs (switch identity, event stamp, channel, caller profile) from a
 * decoded dialplan request, so a test can ask the emulator to re-encode a real request and
 * compare bytes with the capture.
 */
import type { FormField } from '../../core/freeswitch/form-body';
import type { CallerProfile } from './profiles';
import type { EventStamp, RoutingChannel, SwitchIdentity } from './request-body';

export interface RebuiltRequest {
  readonly identity: SwitchIdentity;
  readonly stamp: EventStamp;
  readonly channel: RoutingChannel;
  readonly hunt: CallerProfile;
}

export function rebuildDialplanRequest(fields: readonly FormField[]): RebuiltRequest {
  const get = (name: string): string => fields.find(([key]) => key === name)?.[1] ?? '';
  const num = (name: string): number => Number(get(name));
  const identity: SwitchIdentity = {
    switchname: get('FreeSWITCH-Switchname'),
    hostname: get('FreeSWITCH-Hostname'),
    coreUuid: get('Core-UUID'),
    ipv4: get('FreeSWITCH-IPv4'),
    ipv6: get('FreeSWITCH-IPv6'),
    utcOffsetMinutes: 0,
  };
  const variables = fields
    .filter(([name]) => name.startsWith('variable_'))
    .map(([name, value]) => [name.slice('variable_'.length), value] as const);
  return {
    identity,
    stamp: { nowUs: num('Event-Date-Timestamp'), sequence: num('Event-Sequence') },
    channel: {
      uuid: get('Unique-ID'),
      callUuid: get('Channel-Call-UUID'),
      channelName: get('Channel-Name'),
      direction: get('Call-Direction') === 'outbound' ? 'outbound' : 'inbound',
      presenceId: get('Channel-Presence-ID') || null,
      callerProfile: profileFrom('Caller', get),
      variables,
    },
    hunt: profileFrom('Hunt', get),
  };
}

function profileFrom(prefix: string, get: (name: string) => string): CallerProfile {
  const f = (name: string): string => get(`${prefix}-${name}`);
  const n = (name: string): number => Number(f(name));
  return {
    direction: f('Direction') === 'outbound' ? 'outbound' : 'inbound',
    username: f('Username'),
    dialplan: f('Dialplan'),
    callerIdName: f('Caller-ID-Name'),
    callerIdNumber: f('Caller-ID-Number'),
    networkAddr: f('Network-Addr'),
    ani: f('ANI'),
    destinationNumber: f('Destination-Number'),
    uuid: f('Unique-ID'),
    source: f('Source'),
    context: f('Context'),
    chanName: f('Channel-Name'),
    profileIndex: n('Profile-Index'),
    transferSource: f('Transfer-Source') || undefined,
    rdnis: f('RDNIS') || undefined,
    times: {
      profileCreatedUs: n('Profile-Created-Time'),
      channelCreatedUs: n('Channel-Created-Time'),
      answeredUs: n('Channel-Answered-Time'),
      progressUs: n('Channel-Progress-Time'),
      progressMediaUs: n('Channel-Progress-Media-Time'),
      hangupUs: n('Channel-Hangup-Time'),
      transferUs: n('Channel-Transfer-Time'),
      resurrectUs: n('Channel-Resurrect-Time'),
      bridgedUs: n('Channel-Bridged-Time'),
      lastHoldUs: n('Channel-Last-Hold'),
      holdAccumUs: n('Channel-Hold-Accum'),
    },
  };
}
