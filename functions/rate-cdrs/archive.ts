/**
 * The rated archive: the rated CDRs a queue message owns, as gzipped JSON lines, one file per
 * message and UTC day of the call's start — `archive/rated/<yyyy>/<MM>/<dd>/<batchId>.jsonl.gz`,
 * the Glue table `rated_cdrs` (`lib/cdr-archive.ts`) Athena reads. One put per message (not
 * per CDR). A redelivered message writes the same key with the same lines (the items it owns,
 * sorted by id), so the archive holds each CDR once. Unrated CDRs are not archived: they are in
 * the unrated store until re-rated.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { StoredCdr } from '../shared/dynamo/cdr-store';
import type { RaterDeps } from './deps';
import { utcDayPath } from './raw-batch';

const zip = promisify(gzip);

export const RATED_ARCHIVE_PREFIX = 'archive/rated';

/** Writes the message's rated CDRs; answers how many files (one per day, usually one). */
export async function archiveRated(
  deps: RaterDeps,
  batchId: string,
  owned: readonly StoredCdr[],
): Promise<number> {
  const days = new Map<string, string[]>();
  const rated = owned.filter((item) => item.status === 'rated');
  for (const item of [...rated].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const day = utcDayPath(Number(item.startedAtEpochMs));
    const { pk: _pk, sk: _sk, ...line } = item;
    const lines = days.get(day) ?? [];
    lines.push(JSON.stringify(line));
    days.set(day, lines);
  }
  for (const [day, lines] of days) {
    const key = `${RATED_ARCHIVE_PREFIX}/${day}/${batchId}.jsonl.gz`;
    await deps.archive.put(key, await zip(`${lines.join('\n')}\n`), 'application/gzip');
  }
  return days.size;
}
