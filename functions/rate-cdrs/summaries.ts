/**
 * What a rated batch adds for reading, once per batch and never per CDR: the search pages (one
 * per account and UTC day: `cdr-search.ts`) and the summary cells (one per day, account, prefix
 * and trunk, added exactly once: `cdr-summaries.ts`). Called by `rate-batch.ts` after the CDR
 * items are written, with the items the batch owns — the same set on every delivery, so a
 * redelivery writes the same page keys and finds its summary markers.
 *
 * Charges and prefix come from each item's first rating (as the batch's postings do), so a
 * period re-rate between two deliveries does not change what the batch adds; corrections are
 * not summarized (they are postings of their own).
 */
import type { RateBasis } from '../../core/cdr/rated-cdr';
import { foldCalls, utcDay, type SummaryFacts } from '../../core/cdr/summary';
import { entryOf, type PageEntry } from '../shared/dynamo/cdr-search-entry';
import { CdrSearchStore, NO_ACCOUNT_PATH, type SearchPage } from '../shared/dynamo/cdr-search';
import type { StoredCdr } from '../shared/dynamo/cdr-store';
import { CdrSummaryStore } from '../shared/dynamo/cdr-summaries';
import type { RaterDeps } from './deps';
import { chargesOf } from './items';
import type { ConfigResolver } from './resolver';

interface Placed {
  readonly item: StoredCdr;
  readonly accountId: string;
  readonly accountPath: string;
  readonly currency: string;
}

/** Writes the batch's search pages and summary cells; answers the write units they cost. */
export async function recordBatchViews(
  deps: RaterDeps,
  resolver: ConfigResolver,
  batchId: string,
  owned: readonly StoredCdr[],
): Promise<number> {
  const accounts = await accountsOf(resolver, owned);
  const placed = owned.map((item) => place(accounts, item));
  const pages = new CdrSearchStore(deps.documents, deps.cdrs.tableName);
  const summaries = new CdrSummaryStore(deps.documents, deps.cdrs.tableName);
  let writeUnits = 0;
  for (const page of pagesOf(batchId, placed)) writeUnits += await pages.putPage(page);
  const calls = placed.flatMap((call) => (isSummarized(call.item) ? [factsOf(call)] : []));
  return writeUnits + (await summaries.addBatch(batchId, foldCalls(calls)));
}

type Filing = Pick<Placed, 'accountId' | 'accountPath' | 'currency'>;
const NOBODY: Filing = { accountId: '-', accountPath: NO_ACCOUNT_PATH, currency: '' };

/** The accounts of the rated items, each looked up once (the resolver's cache has them). */
async function accountsOf(
  resolver: ConfigResolver,
  owned: readonly StoredCdr[],
): Promise<Map<string, Filing>> {
  const rated = owned.filter((item) => item.status === 'rated');
  const ids = new Set(rated.map((item) => String(item.accountId)));
  const accounts = new Map<string, Filing>();
  for (const id of ids) {
    const account = await resolver.account(id);
    if (account) {
      const { accountId, path: accountPath, currency } = account;
      accounts.set(id, { accountId, accountPath, currency });
    }
  }
  return accounts;
}

/** Where a CDR is filed: under its rated account, else under nobody (`/`, the root's view). */
function place(accounts: ReadonlyMap<string, Filing>, item: StoredCdr): Placed {
  const filing = item.status === 'rated' ? accounts.get(String(item.accountId)) : undefined;
  return { item, ...(filing ?? NOBODY) };
}

function pagesOf(batchId: string, placed: readonly Placed[]): SearchPage[] {
  const pages = new Map<string, SearchPage & { entries: PageEntry[] }>();
  for (const { item, accountId, accountPath } of placed) {
    const entry = entryOf(item);
    const day = utcDay(entry.startedAtEpochMs);
    const key = `${day}|${accountPath}`;
    const page = pages.get(key) ?? { accountId, accountPath, day, batchId, entries: [] };
    page.entries.push(entry);
    pages.set(key, page);
  }
  return [...pages.values()];
}

/**
 * Summaries count each call once, from its rated A-leg; a leg naming a priced trunk (the
 * B-leg, in the FreeSWITCH contract) adds the carrier's cost. Other B-legs add nothing.
 */
function isSummarized(item: StoredCdr): boolean {
  return item.status === 'rated' && (item.leg === 'a' || carrierOf(item) !== undefined);
}

function carrierOf(item: StoredCdr): { trunk: string; prefix: string } | undefined {
  const carrier = item.carrier as { trunk?: unknown; prefix?: unknown } | undefined;
  if (typeof carrier?.trunk !== 'string' || typeof item.carrierCostMicros !== 'number') return;
  return { trunk: carrier.trunk, prefix: String(carrier.prefix ?? '-') };
}

function factsOf(call: Placed): SummaryFacts {
  const { item } = call;
  const charge = chargesOf(item).find((level) => level.accountId === call.accountId);
  const carrier = carrierOf(item);
  const customerLeg = item.leg === 'a';
  return {
    customerLeg,
    carrierLeg: carrier !== undefined,
    accountId: call.accountId,
    accountPath: call.accountPath,
    currency: call.currency,
    startedAtEpochMs: Number(item.startedAtEpochMs),
    answered: item.answeredAtEpochMs !== null && Number(item.billsec) > 0,
    billsec: Number(item.billsec),
    billableSeconds: Number(item.billableSeconds ?? 0),
    chargeMicros: charge?.chargeMicros ?? 0,
    revenueMicros: Number(item.revenueMicros ?? 0),
    // In the operator's currency, like the revenue, so margin = revenue − cost needs no rate.
    costMicros: carrier ? Number(item.carrierCostMicros) : 0,
    // A carrier leg files its cost under the termination prefix that priced it.
    prefix: customerLeg || !carrier ? prefixOf(firstBasis(item)) : carrier.prefix,
    trunk: carrier?.trunk ?? '-',
  };
}

/** The basis the batch posted at: the first entry of the history once a period re-rate ran. */
function firstBasis(item: StoredCdr): RateBasis | undefined {
  const history = Array.isArray(item.history) ? (item.history as { basis?: RateBasis }[]) : [];
  return history[0]?.basis ?? (item.basis as RateBasis | undefined);
}

function prefixOf(basis: RateBasis | undefined): string {
  if (basis?.kind === 'deck') return basis.prefix;
  return basis?.kind === 'local_call' ? 'on-net' : '-';
}
