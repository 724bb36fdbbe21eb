/**
 * What the JSON and XML CDR parsers agree on before normalization: a leg's decoded channel
 * variables and its caller profiles. Keeping this shape format-neutral means one normalizer
 * (and one set of billing rules) serves mod_json_cdr and mod_xml_cdr alike.
 */

export interface CallflowProfile {
  /** `profile_index`: 1 for the first routing, +1 per transfer. */
  readonly profileIndex: number | null;
  readonly callerIdNumber: string | null;
  readonly callerIdName: string | null;
  readonly username: string | null;
  readonly destinationNumber: string | null;
  readonly context: string | null;
  readonly networkAddr: string | null;
  readonly uuid: string | null;
  readonly chanName: string | null;
}

export interface RawCdr {
  readonly format: 'json' | 'xml';
  readonly coreUuid: string | null;
  readonly switchname: string | null;
  /** `channel_data.direction`: `inbound` on A-legs, `outbound` on the legs FreeSWITCH dials. */
  readonly channelDirection: string | null;
  /** Every channel variable, decoded; all values are strings, as FreeSWITCH writes them. */
  readonly variables: Readonly<Record<string, string>>;
  /** Every caller profile, newest first (highest `profile_index` first). */
  readonly callflow: readonly CallflowProfile[];
  /** Whether variable values arrived URL-encoded (`encode-values`, or always for XML). */
  readonly valuesWereEncoded: boolean;
}

/** Orders profiles newest first; pre-1.6 duplicate keys and arrays both end up the same. */
export function newestFirst(profiles: readonly CallflowProfile[]): CallflowProfile[] {
  return [...profiles].sort((a, b) => (b.profileIndex ?? 0) - (a.profileIndex ?? 0));
}

const PROFILE_FIELDS = {
  callerIdNumber: 'caller_id_number',
  callerIdName: 'caller_id_name',
  username: 'username',
  destinationNumber: 'destination_number',
  context: 'context',
  networkAddr: 'network_addr',
  uuid: 'uuid',
  chanName: 'chan_name',
} as const;

/** Builds a profile from a `caller_profile` object whose values may be anything. */
export function profileFrom(
  profileIndex: number | null,
  callerProfile: Readonly<Record<string, unknown>> | null,
): CallflowProfile {
  const read = (key: string): string | null => {
    const has = callerProfile !== null && Object.hasOwn(callerProfile, key);
    const value = has ? callerProfile[key] : null;
    // An exporter that rewrote the JSON may give numbers as numbers, as `variables` may be read.
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    return typeof value === 'string' && value !== '' ? value : null;
  };
  return {
    profileIndex,
    callerIdNumber: read(PROFILE_FIELDS.callerIdNumber),
    callerIdName: read(PROFILE_FIELDS.callerIdName),
    username: read(PROFILE_FIELDS.username),
    destinationNumber: read(PROFILE_FIELDS.destinationNumber),
    context: read(PROFILE_FIELDS.context),
    networkAddr: read(PROFILE_FIELDS.networkAddr),
    uuid: read(PROFILE_FIELDS.uuid),
    chanName: read(PROFILE_FIELDS.chanName),
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function profileIndexOf(value: unknown): number | null {
  return typeof value === 'string' && /^[0-9]{1,6}$/.test(value) ? Number(value) : null;
}
