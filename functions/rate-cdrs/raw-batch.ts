/**
 * Raw CDR documents in batch files, not per CDR: when a request carries raw documents (an
 * import's FreeSWITCH JSON/XML or CSV rows, an edge's unparsed ones), the route writes ONE
 * object `raw/<yyyy>/<mm>/<dd>/<batchId>.jsonl.gz` and the queue message carries only the
 * normalized CDRs, the file's key and each CDR's line. Line 1 is the index (`id` → line), each
 * later line one document `{"id","raw"}`; the CDR item keeps `rawFile` + `rawLine`, so an
 * unrated CDR's document can be shown and re-parsed. DynamoDB never holds the raw text (a 15 KB
 * document inline would cost 15 write units), and SQS messages stay small.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { QueuedCdr } from '../../core/cdr/batch';
import type { EdgeCdr } from '../../core/cdr/edge-cdr';
import type { ObjectStore } from '../../core/objects/object-store';
import { contentId } from './items';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

/** `<yyyy>/<mm>/<dd>` of an instant, in UTC: the partition of raw files and the archive. */
export function utcDayPath(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10).replaceAll('-', '/');
}

export function rawBatchKey(batchId: string, receivedAtEpochMs: number): string {
  return `raw/${utcDayPath(receivedAtEpochMs)}/${batchId}.jsonl.gz`;
}

/** A CDR of a request and the document it came from (null: the edge sent it normalized). */
export interface RawEntry {
  readonly cdr: EdgeCdr;
  readonly raw: string | null;
}

/**
 * Writes the request's raw documents as one batch file (none when there are none) and answers
 * the CDRs as messages carry them: with `rawLine`, and unparsed ones by id instead of text.
 */
export async function fileRawDocuments(
  objects: ObjectStore,
  batchId: string,
  receivedAtEpochMs: number,
  entries: readonly RawEntry[],
): Promise<{ rawFile?: string; cdrs: QueuedCdr[] }> {
  const index: Record<string, number> = {};
  const lines: string[] = [];
  const cdrs = entries.map(({ cdr, raw }): QueuedCdr => {
    const text = raw ?? (cdr.kind === 'unparsed' ? cdr.raw : null);
    if (text === null) return cdr;
    const id = cdr.kind === 'parsed' ? cdr.cdr.uuid : contentId('raw', text);
    const rawLine = lines.length + 2;
    index[id] ??= rawLine;
    lines.push(JSON.stringify({ id, raw: text }));
    if (cdr.kind === 'parsed') return { ...cdr, rawLine };
    const { raw: _text, ...unparsed } = cdr;
    return { ...unparsed, id, rawLine };
  });
  if (lines.length === 0) return { cdrs };
  const rawFile = rawBatchKey(batchId, receivedAtEpochMs);
  const head = JSON.stringify({ batchId, documents: lines.length, index });
  const body = await zip(Buffer.from(`${head}\n${lines.join('\n')}\n`));
  await objects.put(rawFile, body, 'application/gzip');
  return { rawFile, cdrs };
}

/**
 * Items with their documents filled in from their raw batch files (`raw`), each file read once:
 * what the unrated list shows. An item whose file is gone keeps its reference only.
 */
export async function withRawDocuments<T extends Record<string, unknown>>(
  objects: ObjectStore,
  items: readonly T[],
): Promise<T[]> {
  const files = new Map<string, Promise<string[] | undefined>>();
  return Promise.all(
    items.map(async (item) => {
      const { rawFile, rawLine } = item;
      if (typeof rawFile !== 'string' || typeof rawLine !== 'number') return item;
      if (!files.has(rawFile)) files.set(rawFile, linesOf(objects, rawFile));
      const text = (await files.get(rawFile))?.[rawLine - 1];
      if (text === undefined || text === '' || rawLine < 2) return item;
      return { ...item, raw: (JSON.parse(text) as { raw: string }).raw };
    }),
  );
}

async function linesOf(objects: ObjectStore, rawFile: string): Promise<string[] | undefined> {
  const bytes = await objects.get(rawFile);
  if (bytes === undefined) return undefined;
  return (await unzip(bytes)).toString('utf8').split('\n');
}
