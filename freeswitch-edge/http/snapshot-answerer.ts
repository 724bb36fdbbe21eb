/**
 * The snapshot-backed answerer: dialplan requests are authorized from memory
 * (`core/authorization`) and answered with the channel-variable contract, a hangup scheduled at
 * the affordable duration counted from answer, and a bridge with failover; refusals get the
 * pinned cause and a log line. Directory lookups: `directory-document.ts`.
 */
import {
  authorizeCall,
  type Authorization,
  type Authorized,
  type EdgeCounters,
} from '../../core/authorization/authorize';
import type { CallIdentity } from '../../core/authorization/identify';
import type { OnNetCall } from '../../core/authorization/on-net';
import { billableRulesOfAccount } from '../../core/authorization/limits';
import { localCallTerms, NO_MARKUP } from '../../core/rating/rate';
import type { CallPricing } from '../leases/call-holds';
import type { EdgeIndex } from '../../core/authorization/edge-index';
import type { SnapshotAccount } from '../../core/snapshot/snapshot';
import { authorizedDocument, onNetDocument } from './call-document';
import { refusalDocument } from './dialplan-document';
import { directoryDocument } from './directory-document';
import { emergencyDocument } from './emergency-document';
import { accessDocument, NO_DESTINATION, NO_DESTINATION_EXTENSION, noDestinationDocument } from './access-document';
import { ACCESS_CONTEXT } from '../../core/authorization/identify';
import type { CallRequest } from './call-fields';
import type { XmlCurlAnswerer } from './xml-curl';

type Refusal = Extract<Authorization, { ok: false }>;

export interface AnswererDeps {
  readonly index: EdgeIndex;
  readonly edgeId: string;
  /** Kept across snapshot versions: channels and calls per second are counted per edge. */
  readonly counters: EdgeCounters;
  /** The credit leases (also `counters.funds`): each authorized call holds its cost on one. */
  readonly leases?: CallLeases;
  readonly clock: () => number;
  readonly log: (event: string, fields: Record<string, unknown>) => void;
}

/** What the answer needs of the lease manager (`freeswitch-edge/leases/manager.ts`). */
export interface CallLeases {
  forgetCall(callUuid: string): void;
  hold(callUuid: string, accountId: string, pricing: CallPricing, maxSeconds: number, nowEpochMs: number): string | null;
  mayReplenish(accountId: string, nowEpochMs: number): boolean;
  replenish(accountId: string): Promise<void>;
  /** How long a call that found no money waits for the cloud before it is refused. */
  readonly waitMs: number;
}

export function snapshotAnswerer(deps: AnswererDeps): XmlCurlAnswerer {
  // The second try of a call that waited for money: its calls-per-second slot is already taken.
  const retryCounters: EdgeCounters = { ...deps.counters, cps: undefined };
  return {
    dialplan(request) {
      if (request.context === ACCESS_CONTEXT && request.callee === NO_DESTINATION_EXTENSION) {
        deps.log('call_refused', { uuid: request.uuid, reason: NO_DESTINATION.reason, account: request.accessAccount });
        return noDestinationDocument(request.context);
      }
      const now = deps.clock();
      deps.leases?.forgetCall(request.uuid);
      const result = authorizeCall(deps.index, identityOf(request), now, deps.counters);
      const leases = deps.leases;
      const waitFor = !result.ok && result.code === 'insufficient_funds' ? result.accountId : undefined;
      if (leases === undefined || waitFor === undefined || !leases.mayReplenish(waitFor, now)) {
        return answer(deps, request, result, now);
      }
      return afterMoney(deps, leases, request, waitFor, now + leases.waitMs, retryCounters);
    },
    directory: (request) => directoryDocument(deps.index, request),
  };
}

function identityOf(request: CallRequest): CallIdentity {
  return {
    callUuid: request.uuid,
    authUser: request.authUser,
    authRealm: request.authRealm,
    sourceIp: request.sourceIp,
    caller: request.caller ?? '',
    callee: request.callee,
    context: request.context,
    accessAccount: request.accessAccount,
  };
}

function answer(deps: AnswererDeps, request: CallRequest, result: Authorization, now: number): string {
  // Emergency calls are free and never refused for money: they hold nothing.
  if (result.ok && result.kind === 'emergency') return emergencyDocument(request.context, result, deps.edgeId);
  // An access number: nothing to hold yet, the destination is asked for first.
  if (result.ok && result.kind === 'access') return accessDocument(request.context, result.accountId);
  if (result.ok) {
    const leaseId = holdOf(deps, request.uuid, result, now);
    if (leaseId !== null && result.kind === 'on_net') return onNetDocument(request.context, result, deps.edgeId, leaseId);
    if (leaseId !== null && result.kind === 'routed') {
      return authorizedDocument(request.context, result, deps.index, deps.edgeId, leaseId);
    }
    deps.counters.channels?.release(request.uuid);
    return refused(deps, request, { ok: false, code: 'insufficient_funds', accountId: result.accountId, message: 'the lease cannot hold the call' });
  }
  return refused(deps, request, result);
}

function refused(deps: AnswererDeps, request: CallRequest, result: Refusal): string {
  deps.log('call_refused', {
    uuid: request.uuid,
    reason: result.code,
    account: result.accountId ?? null,
    callee: request.callee,
    sourceIp: request.sourceIp,
    message: result.message,
  });
  return refusalDocument(request.context, result.code);
}

/** The lease the call now holds its cost on ('' with no lease manager: nothing to hold). */
function holdOf(deps: AnswererDeps, callUuid: string, call: Authorized | OnNetCall, now: number): string | null {
  if (deps.leases === undefined) return '';
  const account = deps.index.accounts.get(call.accountId)!.account;
  const rules = billableRulesOfAccount(deps.index, account);
  const levels = call.kind === 'routed' ? call.levels : localLevels(account);
  return deps.leases.hold(callUuid, call.accountId, { levels, table: deps.index.table, rules }, call.maxSeconds, now);
}

/** On-net calls are charged to the account alone, at its local per-minute charge (the rater's). */
function localLevels(account: SnapshotAccount): CallPricing['levels'] {
  const rate = { terms: localCallTerms(account.localCalls.perMinuteMicros), pricing: NO_MARKUP, currency: account.currency };
  return [{ account: account.accountId, currency: account.currency, rate }];
}

/** Calls that find nothing left wait for money this many times at most (each a grant or top-up). */
const MONEY_WAITS = 3;

/**
 * A call refused for funds while more could come: waits (until `deadlineEpochMs`) for the
 * account's next grant or top-up and is authorized again, a few times, since concurrent calls
 * may take what one grant brought before this one gets to it.
 */
async function afterMoney(
  deps: AnswererDeps,
  leases: CallLeases,
  request: CallRequest,
  accountId: string,
  deadlineEpochMs: number,
  counters: EdgeCounters,
): Promise<string> {
  for (let wait = 1; ; wait += 1) {
    await untilOrAfter(leases.replenish(accountId), deadlineEpochMs - deps.clock());
    const now = deps.clock();
    const result = authorizeCall(deps.index, identityOf(request), now, counters);
    const short = !result.ok && result.code === 'insufficient_funds';
    if (!short || wait >= MONEY_WAITS || now >= deadlineEpochMs || !leases.mayReplenish(accountId, now)) {
      return answer(deps, request, result, now);
    }
  }
}

/** Resolves when `work` does or after `ms`, whichever is first (the work goes on). */
function untilOrAfter(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
