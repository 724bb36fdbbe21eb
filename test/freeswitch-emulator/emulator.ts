/**
 * A FreeSWITCH box as an HTTP backend meets it: it asks for a dialplan over mod_xml_curl for
 * each call (and again after each `transfer`), obeys the answer as FreeSWITCH would, and posts
 * one mod_json_cdr CDR per leg. Used by the FreeSWITCH, edge-agent and end-to-end tests.
 * See docs/freeswitch.md for the facts it reproduces and what it leaves out.
 */
import { randomUUID } from 'node:crypto';
import { applyRouting, type Routing } from './routing';
import type { CallScript } from './bridge';
import type { CallState } from './call-state';
import { huntDialplan } from './dialplan';
import { digestAttempt, forbidden } from './challenge';
import { verifyDigest } from './digest';
import { finishCall } from './finish-call';
import { JsonCdrPoster, type JsonCdrConfig } from './json-cdr-poster';
import type { CallOutcome, DialplanExchange } from './outcome';
import type { CallerProfile } from './profiles';
import {
  DIALPLAN_PREFIX,
  dialplanRequestFields,
  encodeRequestBody,
  sipAuthPrefix,
  sipAuthRequestFields,
  type SipAuthAttempt,
  type SwitchIdentity,
} from './request-body';
import { inboundProfile, inboundVariables, channelName, type InboundCall } from './sip-channel';
import { locate, type LocateResult, type XmlCurlBinding } from './xml-curl-client';
import { attr, children, findChild } from './xml-document';

export interface EmulatorConfig {
  readonly identity?: Partial<SwitchIdentity>;
  readonly bindings: readonly XmlCurlBinding[];
  /** The box's static XML (conf/dialplan, conf/directory) as one document; null = none. */
  readonly staticXml?: string | null;
  readonly jsonCdr?: JsonCdrConfig | null;
  /** Real milliseconds per FreeSWITCH second for timeouts and delays (default 1000). */
  readonly msPerSecond?: number;
  /** The emulated clock at the first call, µs since the epoch. */
  readonly startUs?: number;
  readonly newUuid?: () => string;
  readonly maxTransfers?: number;
  /**
   * Challenge digest callers as sofia does (`auth-calls`): a directory `sip_auth` lookup before
   * routing; 403 without a dialplan request when it fails. Off by default: the INVITE is taken
   * as already authenticated and `userVariables` stand for the directory's answer.
   */
  readonly challengeDigest?: boolean;
}

export interface DirectoryOutcome {
  readonly body: string;
  readonly located: LocateResult;
  readonly found: boolean;
  readonly password: string | null;
  readonly params: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, string>>;
}

const DEFAULT_IDENTITY: SwitchIdentity = {
  switchname: 'emulated-fs',
  hostname: 'emulated-fs',
  coreUuid: '00000000-0000-4000-8000-00000000c0de',
  ipv4: '192.0.2.10',
  ipv6: '::1',
  utcOffsetMinutes: 0,
};

export class FreeSwitchEmulator {
  readonly identity: SwitchIdentity;
  private readonly poster: JsonCdrPoster | null;
  private sequence = 1;
  private clockUs: number;

  constructor(private readonly config: EmulatorConfig) {
    this.identity = { ...DEFAULT_IDENTITY, ...config.identity };
    this.poster =
      config.jsonCdr === undefined || config.jsonCdr === null
        ? null
        : new JsonCdrPoster(config.jsonCdr);
    this.clockUs = config.startUs ?? 1_700_000_000_000_000;
  }

  /** Places one inbound call and plays it to the end (answer, talk, hangup, CDR posts). */
  async call(inbound: InboundCall, script: CallScript = {}): Promise<CallOutcome> {
    const challenged = await this.challenge(inbound);
    if (challenged.kind === 'forbidden') return challenged.outcome;
    const call = challenged.call;
    const state: CallState = {
      nowUs: this.clockUs,
      variables: new Map(inboundVariables(call, this.identity, this.clockUs)),
      exports: new Map(),
      schedules: [],
      answeredAtUs: null,
      executed: [],
    };
    const profiles: CallerProfile[] = [inboundProfile(call, this.identity, this.clockUs)];
    const requests: DialplanExchange[] = [];
    let routing: Routing;
    for (let hop = 0; ; hop += 1) {
      const profile = profiles[profiles.length - 1] as CallerProfile;
      const exchange = await this.requestDialplan(call, state, profile);
      requests.push(exchange);
      const hunt =
        exchange.located.document === null
          ? ({ kind: 'no_route', reason: 'no_dialplan_section' } as const)
          : huntDialplan(exchange.located.document, profile, state.variables);
      routing = applyRouting(state, hunt, script);
      if (routing.kind !== 'transfer' || hop >= (this.config.maxTransfers ?? 10)) break;
      profiles.push(transferred(profile, routing.destination, routing.context, state.nowUs));
    }
    const outcome = await finishCall({
      identity: this.identity,
      state,
      profiles,
      requests,
      routing,
      newUuid: this.config.newUuid ?? randomUUID,
      poster: this.poster,
    });
    this.clockUs = Math.max(this.clockUs, outcome.aLeg.endedAtUs) + 1_000_000;
    return outcome;
  }

  private async challenge(
    call: InboundCall,
  ): Promise<{ kind: 'ok'; call: InboundCall } | { kind: 'forbidden'; outcome: CallOutcome }> {
    const auth = call.auth;
    if (this.config.challengeDigest !== true || auth.kind !== 'digest') return { kind: 'ok', call };
    const attempt = digestAttempt(call, auth.user, auth.realm, auth.password ?? '', this.identity);
    const directory = await this.sipAuth(attempt);
    if (!directory.found || !verifyDigest(attempt, directory.params)) {
      return { kind: 'forbidden', outcome: forbidden(call, this.clockUs) };
    }
    const userVariables = { ...directory.variables, ...auth.userVariables };
    return { kind: 'ok', call: { ...call, auth: { ...auth, userVariables } } };
  }

  /** Sends sofia's digest-auth directory lookup and reads the user the answer describes. */
  async sipAuth(attempt: SipAuthAttempt): Promise<DirectoryOutcome> {
    const fields = sipAuthRequestFields(this.identity, this.stamp(), attempt);
    const body = encodeRequestBody(this.identity, sipAuthPrefix(attempt.domain), fields);
    const located = await locate(this.config.bindings, 'directory', body, this.locateOptions());
    const section =
      located.document === null
        ? null
        : findChild(located.document, 'section', 'name', 'directory');
    const domain = section === null ? null : findChild(section, 'domain', 'name', attempt.domain);
    const user = domain === null ? null : findUser(domain, attempt.username);
    if (user === null)
      return { body, located, found: false, password: null, params: {}, variables: {} };
    const params = Object.fromEntries(nameValues(user, 'params', 'param'));
    const variables = Object.fromEntries(nameValues(user, 'variables', 'variable'));
    return { body, located, found: true, password: params.password ?? null, params, variables };
  }

  private async requestDialplan(
    call: InboundCall,
    state: CallState,
    hunt: CallerProfile,
  ): Promise<DialplanExchange> {
    const channel = {
      uuid: call.uuid,
      callUuid: call.uuid,
      channelName: channelName(call, this.identity),
      direction: 'inbound' as const,
      presenceId: state.variables.get('presence_id') ?? null,
      callerProfile: hunt,
      variables: [...state.variables.entries()],
    };
    const fields = dialplanRequestFields(this.identity, this.stamp(state.nowUs), channel, hunt);
    const body = encodeRequestBody(this.identity, DIALPLAN_PREFIX, fields);
    const located = await locate(this.config.bindings, 'dialplan', body, this.locateOptions());
    return { body, huntContext: hunt.context, huntDestination: hunt.destinationNumber, located };
  }

  private stamp(nowUs = this.clockUs) {
    this.sequence += 1;
    return { nowUs, sequence: this.sequence };
  }

  private locateOptions() {
    return {
      msPerSecond: this.config.msPerSecond ?? 1000,
      staticXml: this.config.staticXml ?? null,
    };
  }
}

// `transfer`: a new caller profile (index + 1) becomes the channel's; the old destination
// becomes RDNIS and Transfer-Source says who moved it, as switch_ivr_session_transfer does.
function transferred(
  from: CallerProfile,
  destination: string,
  context: string | null,
  nowUs: number,
): CallerProfile {
  const to = context ?? from.context;
  return {
    ...from,
    destinationNumber: destination,
    context: to,
    profileIndex: from.profileIndex + 1,
    rdnis: from.destinationNumber,
    transferSource: `${Math.floor(nowUs / 1e6)}:${from.uuid}:bl_xfer:${destination}/${to}/XML`,
    times: { ...from.times, profileCreatedUs: nowUs, transferUs: 0 },
  };
}

function findUser(domain: ReturnType<typeof findChild> & object, id: string) {
  const direct = findChild(domain, 'user', 'id', id);
  if (direct !== null) return direct;
  for (const groups of children(domain, 'groups')) {
    for (const group of children(groups, 'group')) {
      for (const users of children(group, 'users')) {
        const user = findChild(users, 'user', 'id', id);
        if (user !== null) return user;
      }
    }
  }
  return null;
}

function nameValues(node: Record<string, unknown>, list: string, item: string): [string, string][] {
  return children(node, list).flatMap((container) =>
    children(container, item).map((entry): [string, string] => [
      attr(entry, 'name') ?? '',
      attr(entry, 'value') ?? '',
    ]),
  );
}
