/**
 * The reseller chain of an account for the rate-card simulator: the account and each reseller
 * above it (the operator excluded: it is paid by its top-level resellers), each priced by its
 * own rate group's origination version in force, in that group owner's currency, with the
 * level's available funds — the `ChainLevel`s `core/chain/prices.ts` takes. Undefined when a
 * level has no rate group or no rate for the number: the account's own answer then stands alone.
 */
import type { AccountProfile } from '../../../core/accounts/account';
import { idsOfPath } from '../../../core/accounts/tenancy';
import { ConversionTable, type ConversionError } from '../../../core/chain/currency';
import type { ChainLevel } from '../../../core/chain/prices';
import { selectRate } from '../../../core/decks/compiled/select';
import { DeckVersions } from '../../../core/decks/versions';
import type { RateGroupPricing } from '../../../core/rating/rate';
import type { ApiDeps } from '../deps';
import { compiledDeck } from './deck-cache';

type GroupData = RateGroupPricing & { readonly timezone: string };

export interface Chain {
  readonly levels: readonly ChainLevel[];
  readonly table: ConversionTable;
}

export async function chainOf(
  deps: ApiDeps,
  account: AccountProfile,
  digits: string,
  atEpochMs: number,
): Promise<Chain | undefined> {
  const ids = idsOfPath(account.path).slice(1).reverse();
  const levels: ChainLevel[] = [];
  for (const id of ids) {
    const profile = id === account.accountId ? account : await deps.accounts.get(id);
    const level = profile && (await levelOf(deps, profile, digits, atEpochMs));
    if (!level) return undefined;
    levels.push(level);
  }
  const table = await conversionTable(deps, idsOfPath(account.path)[0]!);
  return table.ok ? { levels, table: table.table } : undefined;
}

async function levelOf(
  deps: ApiDeps,
  profile: AccountProfile,
  digits: string,
  atEpochMs: number,
): Promise<ChainLevel | undefined> {
  if (!profile.rateGroupId) return undefined;
  const group = await deps.config.get<GroupData>('rate_group', profile.rateGroupId);
  const owner = group && (await deps.directory.getAccount(group.accountId));
  if (!group || !owner) return undefined;
  const selected = selectRate(
    await originationVersions(deps, group.id),
    digits,
    atEpochMs,
    group.data.timezone,
  );
  if (!selected.ok) return undefined;
  const balance = await deps.ledger.getBalance(profile.accountId);
  return {
    account: profile.accountId,
    currency: profile.currency,
    rate: { terms: selected.terms, pricing: group.data, currency: owner.currency },
    ...(balance ? { availableMicros: balance.availableMicros } : {}),
  };
}

export async function originationVersions(
  deps: ApiDeps,
  rateGroupId: string,
): Promise<DeckVersions> {
  const records = (await deps.imports.versions(rateGroupId)).filter(
    (v) => v.deckKind === 'origination',
  );
  const versions = await Promise.all(
    records.map(async (record) => ({
      effectiveFromEpochMs: record.effectiveFromEpochMs,
      deck: await compiledDeck(deps.objects, record.deckHash, record.deckKey),
    })),
  );
  const built = DeckVersions.of(versions);
  if (!built.ok) throw new Error(`rate group ${rateGroupId}: ${built.message}`);
  return built.versions;
}

/** Every currency's rate to the base (the operator's currency), as the chain converts them. */
async function conversionTable(
  deps: ApiDeps,
  operatorId: string,
): Promise<{ ok: true; table: ConversionTable } | ConversionError> {
  const operator = await deps.directory.getAccount(operatorId);
  const rates = await deps.currencies.list();
  return ConversionTable.parse(
    rates
      .filter((rate) => rate.code !== operator?.currency)
      .map((rate) => ({ from: rate.code, to: operator?.currency ?? 'USD', rate: rate.rateToBase })),
  );
}
