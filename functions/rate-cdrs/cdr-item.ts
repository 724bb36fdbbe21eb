/**
 * The item one queued CDR becomes: rated, or unrated with its reason and document. A document
 * that travelled in the request's raw batch file is referenced (`rawFile`, `rawLine`), never
 * copied into the item; one that travelled inline (an edge's unparsed CDR without a file, a
 * poison message) is kept inline, or in the object store when it is too large for an item.
 */
import type { CdrMessage, QueuedCdr } from '../../core/cdr/batch';
import type { StoredCdr } from '../shared/dynamo/cdr-store';
import type { RaterDeps } from './deps';
import { contentId, MAX_INLINE_RAW_CHARS, ratedItem, unratedItem } from './items';
import { rateArrived } from './rate-one';
import type { ConfigResolver } from './resolver';

export async function itemOf(
  deps: RaterDeps,
  resolver: ConfigResolver,
  message: CdrMessage,
  cdr: QueuedCdr,
): Promise<StoredCdr> {
  const { batchId } = message;
  const receivedAtEpochMs = cdr.receivedAtEpochMs;
  const ref = rawRefOf(message, cdr);
  if (cdr.kind === 'unparsed') {
    const id = cdr.id ?? contentId('raw', cdr.raw ?? '');
    const raw = cdr.raw === undefined ? {} : await keepRaw(deps, id, cdr.raw);
    const { raw: _raw, id: _id, rawLine: _line, ...rest } = cdr;
    const item = unratedItem({
      id,
      reason: 'malformed',
      message: `${cdr.error.code}: ${cdr.error.message}`,
      batchId,
      receivedAtEpochMs,
      cdr: rest as never,
      ...raw,
    });
    return { ...item, ...ref };
  }
  const { rawLine: _line, ...edge } = cdr;
  const now = deps.clock.nowEpochMs();
  const outcome = await rateArrived(resolver, cdr.cdr, message.trustCallerSipUser, now);
  if (outcome.ok) return { ...ratedItem(outcome.rated, batchId, now), ...ref };
  const { code: reason, message: why } = outcome;
  const id = cdr.cdr.uuid;
  const unrated = unratedItem({ id, reason, message: why, batchId, receivedAtEpochMs, cdr: edge });
  return { ...unrated, ...ref };
}

/** Where the CDR's raw document is, when it came in the message's raw batch file. */
function rawRefOf(message: CdrMessage, cdr: QueuedCdr): { rawFile?: string; rawLine?: number } {
  if (message.rawFile === undefined || cdr.rawLine === undefined) return {};
  return { rawFile: message.rawFile, rawLine: cdr.rawLine };
}

/** A raw document inline, or in the object store when it is too large for an item. */
export async function keepRaw(
  deps: RaterDeps,
  id: string,
  raw: string,
): Promise<{ raw: string } | { rawKey: string }> {
  if (raw.length <= MAX_INLINE_RAW_CHARS) return { raw };
  const rawKey = `unrated/${id}.txt`;
  await deps.objects.put(rawKey, new TextEncoder().encode(raw), 'text/plain; charset=utf-8');
  return { rawKey };
}
