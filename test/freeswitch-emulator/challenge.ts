/** Building sofia's digest check for an emulated INVITE, and the 403 that ends a failed one. */
import { digestResponse, ha1Of } from './digest';
import type { CallOutcome } from './outcome';
import type { SipAuthAttempt, SwitchIdentity } from './request-body';
import type { InboundCall } from './sip-channel';

export function digestAttempt(
  call: InboundCall,
  user: string,
  realm: string,
  password: string,
  identity: SwitchIdentity,
): SipAuthAttempt {
  const toHost = call.toHost ?? identity.ipv4;
  const uri = `sip:${call.destination}@${toHost}`;
  const nonce = `${call.uuid.slice(0, 8)}-nonce`;
  const cnonce = `${call.uuid.slice(-8)}cn`;
  const nc = '00000001';
  const response = digestResponse(
    { user, realm, uri, method: 'INVITE', nonce, cnonce, nc },
    ha1Of(user, realm, password),
  );
  return {
    profile: call.sofiaProfile ?? 'internal',
    userAgent: call.userAgent ?? 'Tollgate-Emulator/1.0',
    username: user,
    realm,
    nonce,
    uri,
    contactUser: call.callerNumber,
    contactHost: call.sourceIp,
    toUser: call.destination,
    toHost,
    viaProtocol: 'udp',
    fromUser: call.callerNumber,
    fromHost: call.fromHost,
    callId: call.sipCallId ?? `${call.uuid}@${call.sourceIp}`,
    requestUser: call.destination,
    requestHost: toHost,
    qop: 'auth',
    cnonce,
    nc,
    response,
    method: 'INVITE',
    clientPort: call.sourcePort ?? 5060,
    domain: realm,
    ip: call.sourceIp,
  };
}

/** sofia answers 403 Forbidden; no dialplan request, no channel, no CDR. */
export function forbidden(call: InboundCall, nowUs: number): CallOutcome {
  const aLeg = {
    uuid: call.uuid,
    direction: 'inbound' as const,
    variables: [],
    profiles: [],
    startedAtUs: nowUs,
    answeredAtUs: null,
    endedAtUs: nowUs,
    hangupCause: 'CALL_REJECTED',
    applications: [],
  };
  return {
    kind: 'refused',
    via: 'directory',
    sipStatus: 403,
    hangupCause: 'CALL_REJECTED',
    hangupCauseQ850: 21,
    requests: [],
    variables: {},
    executed: [],
    attempts: [],
    aLeg,
    bLegs: [],
    cdrPosts: [],
  };
}
