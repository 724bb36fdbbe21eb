/**
 * One call's authorization from the snapshot, in the order: identify the caller;
 * account (and every reseller above it) active and not expired; translation rules and E.164
 * normalization; blocked prefixes on the normalized number; the sell rate in force now; the
 * longest call every level of the chain can pay for (`chainMaxSeconds`, the function the cloud
 * rates with) and the account's max cost per call; LCR routes with no-loss against what the
 * operator receives. Pure: the clock is the caller's.
 */
import { operatorRevenueMicros, type ChainLevel } from '../chain/prices';
import { selectRate, type RateSelection } from '../decks/compiled/select';
import { localClock } from '../decks/local-clock';
import { normalizeNumber } from '../routing/e164';
import { findRoutes, type Route } from '../routing/lcr';
import { translateNumber } from '../routing/translation';
import type { SnapshotAccount } from '../snapshot/snapshot';
import { chainAccountsOf, type EdgeIndex, type PreparedAccount, type PreparedGroup } from './edge-index';
import { emergencyCall, type EmergencyCall } from './emergency';
import { identifyCaller, type AccessCall, type CallIdentity, type IdentifiedBy } from './identify';
import type { ChannelCounts } from './channels';
import type { CpsWindow } from './cps';
import { limitOfCall } from './limits';
import { onNetCall, type OnNetCall } from './on-net';

export type RefusalCode =
  | 'unknown_caller'
  | 'account_suspended'
  | 'account_expired'
  | 'invalid_number'
  | 'blocked_prefix'
  | 'channel_limit'
  | 'cps_limit'
  | 'no_rate'
  | 'insufficient_funds'
  | 'max_cost_exceeded'
  | 'no_route';

export interface Authorized {
  readonly ok: true;
  readonly kind: 'routed';
  readonly accountId: string;
  readonly identifiedBy: Exclude<IdentifiedBy, 'caller_id'>;
  readonly rateGroupId: string;
  readonly digits: string;
  readonly selection: RateSelection;
  readonly maxSeconds: number;
  /** The chain level that limits the duration (null: the account's max call length). */
  readonly limitedBy: string | null;
  /** The chain as priced, customer first: what the call's hold on its lease is priced by. */
  readonly levels: readonly ChainLevel[];
  readonly routes: readonly Route[];
}

export type Authorization =
  | Authorized
  | AccessCall
  | OnNetCall
  | EmergencyCall
  | { readonly ok: false; readonly code: RefusalCode; readonly accountId?: string; readonly message: string };

/** This edge's counters; absent ones are not enforced (pure tests of the other rules). */
export interface EdgeCounters {
  readonly cps?: CpsWindow;
  readonly channels?: ChannelCounts;
  /** Where calls' money comes from (the edge's credit leases); absent: `availableMicros`. */
  readonly funds?: CallFunds;
}

/**
 * The money each chain level may still spend on a call of `accountId` (the edge's lease for
 * that account); 0 when it holds none. Replaces the snapshot's `availableMicros`, which is
 * what the whole account had, not what this edge may spend of it.
 */
export interface CallFunds {
  availableMicros(accountId: string, level: number, levelAccountId: string, nowEpochMs: number): number;
}

export function authorizeCall(
  index: EdgeIndex,
  call: CallIdentity,
  nowEpochMs: number,
  counters: EdgeCounters = {},
): Authorization {
  const result = authorizeInOrder(index, call, nowEpochMs, counters);
  // A call refused after it took its channel gives it back at once.
  if (!result.ok && call.callUuid !== undefined) counters.channels?.release(call.callUuid);
  return result;
}

function authorizeInOrder(
  index: EdgeIndex,
  call: CallIdentity,
  nowEpochMs: number,
  { cps, channels, funds }: EdgeCounters,
): Authorization {
  const who = identifyCaller(index, call);
  if (!who.ok) return refuse('unknown_caller', undefined, 'no device, ACL or caller ID matches');
  const prepared = index.accounts.get(who.accountId);
  if (prepared === undefined) return refuse('unknown_caller', who.accountId, 'account not in snapshot');
  const accountId = who.accountId;
  const chain = chainAccountsOf(index, prepared);
  // A chain with a missing reseller is refused as suspended (`standingOf` says so for null).
  const standing = standingOf(chain, nowEpochMs);
  if (standing !== null) return refuse(standing, accountId, `account or reseller is ${standing}`);
  if (chain === null) return refuse('account_suspended', accountId, 'a reseller is not in the snapshot');
  // A caller ID on its access number: standing and calls per second checked (the call arrives
  // now; a flood of them would each be answered), the destination is still to be asked.
  if (who.by === 'caller_id') return cpsRefusal(cps, chain, nowEpochMs, accountId) ?? { ok: true, kind: 'access', accountId };
  // Emergency numbers: before every check that could refuse for money or limits (emergency.ts).
  const emergency = emergencyCall(index, prepared, who.number);
  if (emergency !== null) return emergency.ok ? emergency : refuse(emergency.code, accountId, emergency.message);
  const normalized = normalizeNumber(translateNumber(who.number, prepared.translation), prepared.plan);
  if (!normalized.ok) return refuse('invalid_number', accountId, normalized.message);
  const digits = normalized.digits;
  if (prepared.account.blockedPrefixes.some((prefix) => digits.startsWith(prefix))) {
    return refuse('blocked_prefix', accountId, `${digits} is blocked`);
  }
  if (who.domain !== undefined && prepared.account.localCalls.allowed) {
    // Funds are asked for only when the callee is a device (else `onNetCall` is null anyway).
    const device = funds !== undefined && index.devices.has(`${who.number}@${who.domain}`);
    const payer = device ? fundedBy(funds, prepared.account, nowEpochMs) : prepared.account;
    const onNet = onNetCall(index, payer, who.domain, who.number);
    if (onNet !== null) return onNet.ok ? onNet : refuse(onNet.code, accountId, onNet.message);
  }
  const overChannels =
    call.callUuid === undefined
      ? null
      : (channels?.admit(call.callUuid, chain, prepared.account.maxCallSeconds, nowEpochMs) ?? null);
  if (overChannels !== null) {
    return refuse('channel_limit', accountId, `${overChannels} has every channel in use`);
  }
  // The digits of an access-number call: the same call, counted on its first lookup.
  const overCps = who.by === 'access_number' ? null : cpsRefusal(cps, chain, nowEpochMs, accountId);
  if (overCps !== null) return overCps;
  const levels = chainLevels(index, prepared.account.accountId, chain, digits, nowEpochMs, funds);
  if (levels === null) return refuse('no_rate', accountId, `no sell rate for ${digits}`);
  const limit = limitOfCall(index, prepared.account, levels);
  if (!limit.ok) return refuse(limit.code, accountId, limit.message);
  const routed = routesOf(index, prepared, levels, digits, limit.maxSeconds, nowEpochMs);
  if (!routed.ok) return refuse('no_route', accountId, routed.message);
  return {
    ok: true,
    kind: 'routed',
    accountId,
    identifiedBy: who.by,
    rateGroupId: prepared.account.rateGroupId!,
    digits,
    selection: levels.selection,
    maxSeconds: limit.maxSeconds,
    limitedBy: limit.limitedBy,
    levels: levels.levels,
    routes: routed.routes,
  };
}

/** The calls-per-second refusal, or null when the call is admitted (and counted). */
function cpsRefusal(
  cps: CpsWindow | undefined,
  chain: readonly SnapshotAccount[],
  nowEpochMs: number,
  accountId: string,
): Authorization | null {
  const over = cps?.admit(chain, nowEpochMs) ?? null;
  return over === null ? null : refuse('cps_limit', accountId, `${over} is at its calls per second`);
}

function refuse(code: RefusalCode, accountId: string | undefined, message: string): Authorization {
  return { ok: false, code, ...(accountId !== undefined ? { accountId } : {}), message };
}

/** Suspended or closed anywhere up the chain (a missing reseller too) refuses; so does expiry. */
function standingOf(
  chain: readonly SnapshotAccount[] | null,
  nowEpochMs: number,
): 'account_suspended' | 'account_expired' | null {
  if (chain === null) return 'account_suspended';
  for (const account of chain) {
    if (account.status !== 'active') return 'account_suspended';
    if (account.expiresAtEpochMs !== undefined && account.expiresAtEpochMs <= nowEpochMs) {
      return 'account_expired';
    }
  }
  return null;
}

/** The account as on-net pricing sees it: with what its lease lets it spend. */
function fundedBy(funds: CallFunds, account: SnapshotAccount, nowEpochMs: number): SnapshotAccount {
  const id = account.accountId;
  return { ...account, availableMicros: funds.availableMicros(id, 0, id, nowEpochMs) };
}

export interface PricedChain {
  readonly levels: readonly ChainLevel[];
  /** The customer's sell rate selection (recorded on the call). */
  readonly selection: RateSelection;
  /** Each level's rate group, customer first. */
  readonly groups: readonly PreparedGroup[];
}

/** Each level priced at its own rate group's rate in force; null when one has none. */
function chainLevels(
  index: EdgeIndex,
  customerId: string,
  chain: readonly SnapshotAccount[],
  digits: string,
  nowEpochMs: number,
  funds: CallFunds | undefined,
): PricedChain | null {
  // Sized to the chain, not grown by push (a first push reserves 17 slots): the levels array
  // lives as long as the call's lease hold, so every byte of it is copied by the GC.
  const levels = new Array<ChainLevel>(chain.length);
  const groups = new Array<PreparedGroup>(chain.length);
  let selection: RateSelection | null = null;
  for (const [level, account] of chain.entries()) {
    const id = account.accountId;
    const group = account.rateGroupId === undefined ? undefined : index.groups.get(account.rateGroupId);
    if (group === undefined) return null;
    const selected = selectRate(group.sell, digits, nowEpochMs, group.group.timezone);
    if (!selected.ok) return null;
    selection ??= selected.selection;
    groups[level] = group;
    const available =
      funds === undefined ? account.availableMicros : funds.availableMicros(customerId, level, id, nowEpochMs);
    const rate = group.rates.of(selected.terms);
    // Two literals, not a conditional spread: one shape per case, built on every call.
    levels[level] =
      available === undefined
        ? { account: id, currency: account.currency, rate }
        : { account: id, currency: account.currency, rate, availableMicros: available };
  }
  return selection === null ? null : { levels, selection, groups };
}

/**
 * Routes over the trunks of the first rate group up the chain that has trunks with a
 * termination deck (a reseller without carriers routes through its parent's), with no-loss
 * against the top level's price converted to the operator's currency.
 */
function routesOf(
  index: EdgeIndex,
  prepared: PreparedAccount,
  priced: PricedChain,
  digits: string,
  maxSeconds: number,
  nowEpochMs: number,
): { ok: true; routes: readonly Route[] } | { ok: false; message: string } {
  for (const group of priced.groups) {
    const trunks = group.trunks.at(nowEpochMs);
    if (trunks.length === 0) continue;
    const noLoss = group.group.noLoss && !prepared.account.allowLossRouting;
    const found = findRoutes(trunks, {
      digits,
      minuteOfWeek: localClock(group.group.timezone).minuteOfWeek(nowEpochMs),
      referenceSeconds: 60,
      mode: group.group.routingMode,
      forceTrunk: '',
      noLoss: noLoss ? { revenueMicros: revenueOf(index, priced, group), maxSeconds } : null,
    });
    return found.ok ? found : { ok: false, message: found.message };
  }
  return { ok: false, message: 'no rate group up the chain has trunks' };
}

/**
 * What the operator receives, remembered for the last two durations asked: every route is
 * checked at the same two (60 s and the call's maximum), so the chain is priced twice per call,
 * not twice per route.
 */
function revenueOf(index: EdgeIndex, priced: PricedChain, group: PreparedGroup): (seconds: number) => number {
  const revenue = operatorRevenueMicros(priced.levels, index.table, group.group.currency);
  let seconds1 = -1;
  let micros1 = 0;
  let seconds2 = -1;
  let micros2 = 0;
  return (seconds) => {
    if (seconds === seconds1) return micros1;
    if (seconds === seconds2) return micros2;
    seconds2 = seconds1;
    micros2 = micros1;
    seconds1 = seconds;
    micros1 = revenue(seconds);
    return micros1;
  };
}
