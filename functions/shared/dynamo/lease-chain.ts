/**
 * What a grant or top-up needs to read before it decides: the lease levels of an account (the
 * customer, then each reseller above it, without the operator root) with their balance items,
 * the account's longest call (the sweeper's wait), and the deployment's currencies for the
 * conversion to each reseller's currency (`core/leases/conversion.ts`).
 */
import type { AccountProfile } from '../../../core/accounts/account';
import { idsOfPath } from '../../../core/accounts/tenancy';
import type { LeaseCurrencies, LevelFunds } from '../../../core/leases';
import type { Clock, LedgerRepository } from '../../../core/ledger/ports';
import type { AccountStore } from './account-store';
import type { CurrencyStore } from './currency-store';

export interface LeaseChain {
  readonly profile: AccountProfile;
  readonly funds: readonly LevelFunds[];
  readonly currencies: LeaseCurrencies;
}

export type ChainLookup =
  | ({ readonly ok: true } & LeaseChain)
  | { readonly ok: false; readonly code: 'account_not_found'; readonly accountId: string };

export interface ChainSources {
  readonly accounts: AccountStore;
  readonly currencies: CurrencyStore;
  readonly ledger: LedgerRepository;
  readonly clock: Clock;
}

/** Customer first, then its resellers bottom-up; the operator (the path's root) has no level. */
export function levelIdsOf(profile: Pick<AccountProfile, 'path' | 'accountId'>): string[] {
  const ids = idsOfPath(profile.path);
  return ids.length > 1 ? ids.slice(1).reverse() : [profile.accountId];
}

export async function readChain(sources: ChainSources, accountId: string): Promise<ChainLookup> {
  const profile = await sources.accounts.get(accountId);
  if (!profile) return { ok: false, code: 'account_not_found', accountId };
  const ids = levelIdsOf(profile);
  const operatorId = idsOfPath(profile.path)[0] ?? accountId;
  // The balances and the currencies in parallel: one round trip after the profile.
  const [balances, currencies] = await Promise.all([
    Promise.all(ids.map((id) => sources.ledger.getBalance(id))),
    readCurrencies(sources, operatorId),
  ]);
  const missing = ids.find((_id, index) => balances[index] === undefined);
  if (missing !== undefined) return { ok: false, code: 'account_not_found', accountId: missing };
  return { ok: true, profile, funds: balances.map((balance) => balance!), currencies };
}

/**
 * The operator's currency and the rates, kept CURRENCIES_TTL_MS per process: a rate change
 * reaches grants within that time, as it reaches the rater (its configuration cache).
 */
export const CURRENCIES_TTL_MS = 60_000;
const cached = new WeakMap<CurrencyStore, Map<string, { at: number; value: Promise<LeaseCurrencies> }>>();

function readCurrencies(sources: ChainSources, operatorId: string): Promise<LeaseCurrencies> {
  const byOperator = cached.get(sources.currencies) ?? new Map();
  cached.set(sources.currencies, byOperator);
  const now = sources.clock.nowEpochMs();
  const hit = byOperator.get(operatorId);
  if (hit && now - hit.at < CURRENCIES_TTL_MS && now >= hit.at) return hit.value;
  const value = loadCurrencies(sources, operatorId);
  byOperator.set(operatorId, { at: now, value });
  value.catch(() => byOperator.delete(operatorId));
  return value;
}

async function loadCurrencies(sources: ChainSources, operatorId: string): Promise<LeaseCurrencies> {
  const [operator, rates] = await Promise.all([
    sources.accounts.get(operatorId),
    sources.currencies.list(),
  ]);
  const baseCurrency = operator?.currency ?? 'USD';
  return { baseCurrency, rates: rates.map(({ code, rateToBase }) => ({ code, rateToBase })) };
}
