/**
 * Rating one normalized CDR: find the account, check it may be billed, pick the rate, charge.
 * Each step that cannot go on ends in an unrated reason; the money itself is decided by the
 * pure functions in `core/cdr/rate-cdr.ts`.
 *
 * The account, in the order of `identifyAccount` (docs/freeswitch.md): `tollgate_account` →
 * `accountCode` (an account id or number) → the digest user's device → with the import option
 * only, the SIP From user's device. An account code that names no account falls through to the
 * digest user: vanilla FreeSWITCH directories set `accountcode` to the extension number.
 */
import type { AccountProfile } from '../../core/accounts/account';
import { idsOfPath } from '../../core/accounts/tenancy';
import {
  rateCarrierLeg,
  rateLocalCall,
  rateNotBilled,
  rateThroughChain,
} from '../../core/cdr/rate-cdr';
import { checkCallTimes } from '../../core/cdr/call-times';
import { isEmergencyCdr, rateEmergencyCall } from '../../core/cdr/emergency-cdr';
import type { RateOutcome } from '../../core/cdr/rated-cdr';
import type { NormalizedCdr } from '../../core/freeswitch/normalized-cdr';
import { chargedSeconds, DEFAULT_BILLABLE_RULES } from '../../core/rating/billable';
import { carrierRateOf } from './carrier';
import { priceChain } from './chain';
import type { ConfigResolver } from './resolver';

interface Found {
  readonly account: AccountProfile;
  /** The caller's SIP domain when a device identified it (on-net detection), else null. */
  readonly domain: string | null;
}

/**
 * A CDR as it arrives (an edge batch, an import, a re-rate of one kept unrated): its times are
 * checked before anything is looked up — a CDR whose times cannot be true is never charged.
 */
export async function rateArrived(
  resolver: ConfigResolver,
  cdr: NormalizedCdr,
  trustCallerSipUser: boolean,
  nowEpochMs: number,
): Promise<RateOutcome> {
  const times = checkCallTimes(cdr, nowEpochMs);
  return times.ok ? rateOne(resolver, cdr, trustCallerSipUser) : times;
}

export async function rateOne(
  resolver: ConfigResolver,
  cdr: NormalizedCdr,
  trustCallerSipUser: boolean,
): Promise<RateOutcome> {
  const found = await findAccount(resolver, cdr, trustCallerSipUser);
  if (!found) {
    const message = 'no tollgate_account, account code or digest user names a known account';
    return { ok: false, code: 'unknown_account', message };
  }
  const { account } = found;
  if (account.status !== 'active') {
    return {
      ok: false,
      code: 'inactive_account',
      message: `account ${account.accountId} is ${account.status}`,
    };
  }
  // The customer is billed from the A-leg; B-legs are the carrier's side (kept, not charged).
  if (cdr.leg === 'b') return rateCarrierSide(resolver, cdr, account);
  const groupId = cdr.tollgate?.rateGroup ?? account.rateGroupId;
  const group = groupId === undefined ? undefined : await resolver.rateGroup(groupId);
  const seconds = chargedSeconds(group?.rules ?? DEFAULT_BILLABLE_RULES, cdr);
  if (seconds === 0) return rateNotBilled(cdr, account.accountId);
  if (isEmergencyCdr(cdr)) return rateEmergencyCall(cdr, account.accountId, seconds);
  if (account.localCalls.allowed && (await isOnNet(resolver, cdr, found.domain))) {
    return rateLocalCall(cdr, account, seconds, account.localCalls.perMinuteMicros);
  }
  if (!group) {
    return {
      ok: false,
      code: 'no_rate',
      message: `account ${account.accountId} has no rate group`,
    };
  }
  const chain = await priceChain(resolver, cdr, account, group);
  if (!chain.ok) return chain;
  const carrier = await carrierRateOf(resolver, cdr, account);
  const priced = carrier === undefined ? chain.chain : { ...chain.chain, carrier };
  return rateThroughChain(cdr, account.accountId, seconds, priced);
}

/** A B-leg: nothing charged; its trunk's cost for the carrier's billsec, when it names one. */
async function rateCarrierSide(
  resolver: ConfigResolver,
  cdr: NormalizedCdr,
  account: AccountProfile,
): Promise<RateOutcome> {
  const carrier = await carrierRateOf(resolver, cdr, account);
  if (carrier === undefined) return rateNotBilled(cdr, account.accountId);
  const seconds = chargedSeconds(DEFAULT_BILLABLE_RULES, cdr);
  const operatorId = idsOfPath(account.path)[0] ?? account.accountId;
  const { table, currency } = await resolver.conversion(operatorId);
  const conversion = { table, operatorCurrency: currency };
  return rateCarrierLeg(cdr, account.accountId, seconds, carrier, conversion);
}

async function findAccount(
  resolver: ConfigResolver,
  cdr: NormalizedCdr,
  trustCallerSipUser: boolean,
): Promise<Found | undefined> {
  const accountId = cdr.tollgate?.account;
  if (accountId !== undefined) {
    const account = await resolver.account(accountId);
    return account && { account, domain: await callerDomain(resolver, cdr) };
  }
  if (cdr.accountCode !== null) {
    const account = await resolver.accountByCode(cdr.accountCode);
    if (account) return { account, domain: await callerDomain(resolver, cdr) };
  }
  const device =
    cdr.authUser !== null && cdr.authRealm !== null
      ? await resolver.device(cdr.authRealm, cdr.authUser)
      : trustCallerSipUser && cdr.callerSipUser !== null && cdr.callerSipDomain !== null
        ? await resolver.device(cdr.callerSipDomain, cdr.callerSipUser)
        : undefined;
  const account = device && (await resolver.account(device.accountId));
  return account && { account, domain: device.domain };
}

/** The caller's domain from its SIP identity (digest realm first), if it is one of ours. */
async function callerDomain(resolver: ConfigResolver, cdr: NormalizedCdr): Promise<string | null> {
  if (cdr.authUser !== null && cdr.authRealm !== null) {
    const device = await resolver.device(cdr.authRealm, cdr.authUser);
    if (device) return device.domain;
  }
  if (cdr.callerSipUser !== null && cdr.callerSipDomain !== null) {
    const device = await resolver.device(cdr.callerSipDomain, cdr.callerSipUser);
    if (device) return device.domain;
  }
  return null;
}

/** On-net: the callee is a device of ours in the caller's domain. */
async function isOnNet(
  resolver: ConfigResolver,
  cdr: NormalizedCdr,
  domain: string | null,
): Promise<boolean> {
  if (domain === null || cdr.callee === '') return false;
  return (await resolver.device(domain, cdr.callee)) !== undefined;
}
