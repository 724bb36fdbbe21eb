/**
 * Re-rating unrated CDRs after the configuration was fixed (a device added, a deck published,
 * an account re-activated): each is rated again with a fresh view of the configuration. One
 * that rates now is charged first (postings keyed `cdrs:rerate-<id>`, idempotent), then its item
 * becomes rated on the condition that it is still unrated — a crash in between is repaired by
 * the next re-rate, whose posting is a replay. One that still cannot be rated stays as it is.
 * A malformed one is parsed again first (`reparse.ts`).
 *
 * A re-rated CDR is then what a queue message's rated CDR is: a batch of its own, `rerate-<id>`,
 * through the same search page, summary and archive writes (`recordBatchViews`, `archiveRated`),
 * also before its item changes — each is keyed by the batch (page key, summary marker, archive
 * file), so the repair replays them and the CDR counts once. Its unrated entry under `/`
 * stays; the search shows it from the account's page (`cdr-search-query.ts`).
 */
import type { EdgeCdr } from '../../core/cdr/edge-cdr';
import type { UnratedReason } from '../../core/cdr/rated-cdr';
import { archiveRated } from './archive';
import type { RaterDeps } from './deps';
import { ratedItem, settlementsOf } from './items';
import { postTotals } from './post-totals';
import { rateArrived } from './rate-one';
import { reparseMalformed } from './reparse';
import { ConfigResolver } from './resolver';
import { recordBatchViews } from './summaries';

export interface RerateReport {
  readonly examined: number;
  readonly rated: number;
  readonly stillUnrated: number;
  readonly nextCursor?: string;
}

export async function rerateUnrated(
  deps: RaterDeps,
  reason: UnratedReason,
  limit: number,
  cursor?: string,
): Promise<RerateReport> {
  const resolver = new ConfigResolver(deps);
  const page = await deps.cdrs.listUnrated(reason, limit, cursor);
  let rated = 0;
  for (const item of page.items) {
    if (item.reason === 'malformed') {
      if ((await reparseMalformed(deps, resolver, item)) === 'rated') rated += 1;
      continue;
    }
    const edge = item.cdr as EdgeCdr | undefined;
    if (edge?.kind !== 'parsed') continue;
    const outcome = await rateArrived(resolver, edge.cdr, false, deps.clock.nowEpochMs());
    if (!outcome.ok) continue;
    const batchId = `rerate-${item.id}`;
    // The rated item keeps pointing at its raw document (raw batch file and line).
    const { rawFile, rawLine } = item;
    const rerated = {
      ...ratedItem(outcome.rated, batchId, deps.clock.nowEpochMs()),
      ...(rawFile === undefined ? {} : { rawFile, rawLine }),
    };
    await postTotals(deps, batchId, settlementsOf(rerated));
    await recordBatchViews(deps, resolver, batchId, [rerated]);
    await archiveRated(deps, batchId, [rerated]);
    const replaced = await deps.cdrs.replaceUnrated(rerated);
    if (replaced) rated += 1;
  }
  const report = { examined: page.items.length, rated, stillUnrated: page.items.length - rated };
  return page.nextCursor ? { ...report, nextCursor: page.nextCursor } : report;
}
