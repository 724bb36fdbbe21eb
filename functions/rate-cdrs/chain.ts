/**
 * The priced chain of a CDR: the customer at its rate group's row (the one the edge recorded,
 * else the one in force at answer time), and each reseller above it at its own rate group's
 * row in force at answer time — `ChainLevel`s for `core/chain/prices.ts`. The operator is paid
 * by its top-level resellers and has no level. A level without a rate leaves the CDR unrated
 * (`no_rate` naming that account), so no reseller is silently not charged.
 */
import type { AccountProfile } from '../../core/accounts/account';
import { idsOfPath } from '../../core/accounts/tenancy';
import type { PricedChain } from '../../core/cdr/rate-cdr';
import type { UnratedReason } from '../../core/cdr/rated-cdr';
import type { ChainLevel } from '../../core/chain/prices';
import { selectRate, selectRecorded, type SelectResult } from '../../core/decks/compiled/select';
import type { NormalizedCdr } from '../../core/freeswitch/normalized-cdr';
import type { ConfigResolver, RateGroupEntry } from './resolver';

type Unrated = { readonly ok: false; readonly code: UnratedReason; readonly message: string };

export async function priceChain(
  resolver: ConfigResolver,
  cdr: NormalizedCdr,
  account: AccountProfile,
  group: RateGroupEntry,
): Promise<{ readonly ok: true; readonly chain: PricedChain } | Unrated> {
  const digits = cdr.callee.replace(/^\+/, '');
  if (!/^[0-9]{1,20}$/.test(digits)) {
    return { ok: false, code: 'no_rate', message: `callee ${cdr.callee} is not a dialable number` };
  }
  const atEpochMs = cdr.answeredAtEpochMs ?? cdr.startedAtEpochMs;
  const facts = cdr.tollgate;
  const recorded = facts?.deckVersion !== undefined && facts.prefix !== undefined;
  const customer = recorded
    ? selectRecorded(group.versions, {
        version: facts.deckVersion!,
        prefix: facts.prefix!,
        window: facts.window ?? '',
      })
    : selectRate(group.versions, digits, atEpochMs, group.timezone);
  if (!customer.ok) return unrated(customer, account.accountId);
  const levels: ChainLevel[] = [levelOf(account, group, customer)];
  const resellers = idsOfPath(account.path).slice(1, -1).reverse();
  for (const id of resellers) {
    const reseller = await resolver.account(id);
    const own = reseller?.rateGroupId && (await resolver.rateGroup(reseller.rateGroupId));
    if (!reseller || !own) {
      return { ok: false, code: 'no_rate', message: `reseller ${id} has no rate group` };
    }
    const selected = selectRate(own.versions, digits, atEpochMs, own.timezone);
    if (!selected.ok) return unrated(selected, id);
    levels.push(levelOf(reseller, own, selected));
  }
  const operatorId = idsOfPath(account.path)[0] ?? account.accountId;
  const { table, currency } = await resolver.conversion(operatorId);
  const chain = {
    levels,
    selection: customer.selection,
    recorded,
    table,
    operatorCurrency: currency,
  };
  return { ok: true, chain };
}

function levelOf(
  account: AccountProfile,
  group: RateGroupEntry,
  selected: Extract<SelectResult, { ok: true }>,
): ChainLevel {
  return {
    account: account.accountId,
    currency: account.currency,
    rate: { terms: selected.terms, pricing: group.pricing, currency: group.ownerCurrency },
  };
}

function unrated(result: Extract<SelectResult, { ok: false }>, accountId: string): Unrated {
  const code = result.code === 'unknown_version' ? 'unknown_deck_version' : 'no_rate';
  return { ok: false, code, message: `${accountId}: ${result.message}` };
}
