/**
 * What a rated batch adds for reading, once per batch and never per CDR: the search pages (one
 * per account and UTC day: `cdr-search.ts`) and the summary cells (one per day, account, prefix
 * and trunk, added exactly once: `cdr-summaries.ts`). Called by `rate-batch.ts` after the CDR
 * items are written, with the items the batch owns — the same set on every delivery, so a
 * redelivery writes the same page keys and finds its summary markers.
 *
 * Charges and prefix come from each item's first rating (as the batch's postings do), so a
 * period re-rate between two deliveries does not change what the batch adds. A CDR re-rated
 * later comes through here as a batch of its own (`rerate-<id>`); a period correction changes
 * the cells by its difference (`recordCorrection`), exactly once under its own batch id.
 */
import type { RateBasis } from '../../core/cdr/rated-cdr';
import {
  addTotals,
  foldCalls,
  utcDay,
  ZERO_TOTALS,
  type SummaryCell,
  type SummaryFacts,
  type SummaryTotals,
} from '../../core/cdr/summary';
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
  const calls = placed.flatMap((call) =>
    isSummarized(call.item) ? [factsOf(call, firstRating(call.item))] : [],
  );
  return writeUnits + (await summaries.addBatch(batchId, foldCalls(calls)));
}

/**
 * A period correction in the summaries: the call's cell at its old rating loses it, its cell
 * at the new rating gains it (the same cell when the prefix stayed: only the money moves),
 * added once under `batchId` (`fix-<id>-<revision corrected>`, its summary marker). Search
 * pages hold no charges, so they need nothing. Answers the write units.
 */
export async function recordCorrection(
  deps: RaterDeps,
  resolver: ConfigResolver,
  batchId: string,
  before: StoredCdr,
  after: StoredCdr,
): Promise<number> {
  const accounts = await accountsOf(resolver, [after]);
  const cellsOf = (item: StoredCdr) =>
    isSummarized(item) ? foldCalls([factsOf(place(accounts, item), currentRating(item))]) : [];
  const cells = differenceOf(cellsOf(before), cellsOf(after));
  return new CdrSummaryStore(deps.documents, deps.cdrs.tableName).addBatch(batchId, cells);
}

/** `after − before` per cell, in key order; cells that net to nothing are left out. */
function differenceOf(before: SummaryCell[], after: SummaryCell[]): SummaryCell[] {
  const cells = new Map<string, SummaryCell>();
  const add = (cell: SummaryCell, sign: 1 | -1) => {
    const key = `${cell.day}|${cell.accountPath}#${cell.prefix}#${cell.trunk}`;
    const totals = sign === 1 ? cell.totals : negated(cell.totals);
    const sum = addTotals(cells.get(key)?.totals ?? ZERO_TOTALS, totals);
    cells.set(key, { ...cell, totals: sum });
  };
  before.forEach((cell) => add(cell, -1));
  after.forEach((cell) => add(cell, 1));
  return [...cells.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, cell]) => cell)
    .filter((cell) => Object.values(cell.totals).some((value) => value !== 0));
}

function negated(totals: SummaryTotals): SummaryTotals {
  const entries = Object.entries(totals).map(([field, value]) => [field, -value]);
  return Object.fromEntries(entries) as unknown as SummaryTotals;
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

/** The rating a view adds: a batch adds the first, a correction each version's own. */
interface Rating {
  readonly basis: RateBasis | undefined;
  readonly charges: readonly { readonly accountId: string; readonly chargeMicros: number }[];
}

const firstRating = (item: StoredCdr): Rating => ({
  basis: firstBasis(item),
  charges: chargesOf(item),
});

const currentRating = (item: StoredCdr): Rating => ({
  basis: item.basis as RateBasis | undefined,
  charges: (item.charges ?? []) as Rating['charges'],
});

function factsOf(call: Placed, rating: Rating): SummaryFacts {
  const { item } = call;
  const charge = rating.charges.find((level) => level.accountId === call.accountId);
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
    prefix: customerLeg || !carrier ? prefixOf(rating.basis) : carrier.prefix,
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
