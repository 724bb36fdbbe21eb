/**
 * One queue message: rate every CDR, write each CDR item once, then post one total per account.
 *
 * Exactly once, across crashes and redeliveries: items are written with a condition on the CDR
 * id, and each item records the batch that wrote it. The postings are keyed `cdrs:<batchId>`
 * and sum the items this batch owns — the ones it wrote now and the ones it wrote on an earlier
 * delivery that crashed before posting (their stored charges, not a new rating). A CDR another
 * batch already owns (the edge re-posted it) adds nothing. Writes come before postings, so a
 * crash in between is repaired by the redelivery; the ledger's idempotency makes a second
 * posting a replay.
 */
import { cdrMessageSchema, type CdrMessage } from '../../core/cdr/batch';
import type { StoredCdr } from '../shared/dynamo/cdr-store';
import { decodeCdrMessage } from '../shared/queues/cdr-message-codec';
import { archiveRated } from './archive';
import { itemOf, keepRaw } from './cdr-item';
import type { RaterDeps } from './deps';
import { contentId, settlementsOf, unratedItem } from './items';
import { postTotals } from './post-totals';
import { recordBatchViews } from './summaries';
import type { ConfigResolver } from './resolver';

export interface BatchReport {
  readonly rated: number;
  readonly unrated: number;
  /** CDRs already stored by another batch (re-posted): nothing written, nothing charged. */
  readonly duplicates: number;
  readonly writeUnits: number;
  readonly postings: number;
}

export async function rateMessage(
  deps: RaterDeps,
  resolver: ConfigResolver,
  body: string,
): Promise<BatchReport> {
  const message = parseMessage(body);
  if (!message.ok) return storePoison(deps, body, message.error);
  const items: StoredCdr[] = [];
  const ids = new Set<string>();
  let duplicates = 0;
  for (const cdr of message.value.cdrs) {
    const item = await itemOf(deps, resolver, message.value, cdr);
    // One CDR twice in one message (an edge spool holds FreeSWITCH's re-post of a CDR it had
    // fsynced but not yet answered when killed): the second copy would pass as "owned by this
    // batch" below and be charged again.
    if (ids.has(item.id)) duplicates += 1;
    else items.push(item);
    ids.add(item.id);
  }
  const owned: StoredCdr[] = [];
  let writeUnits = 0;
  const outcomes = await deps.cdrs.putManyOnce(items);
  outcomes.forEach((outcome, index) => {
    const item = items[index] as StoredCdr;
    if (outcome.written) {
      owned.push(item);
      writeUnits += outcome.writeUnits;
    } else if (outcome.existing.batchId === item.batchId) owned.push(outcome.existing);
    else duplicates += 1;
  });
  writeUnits += await recordBatchViews(deps, resolver, message.value.batchId, owned);
  const posted = await postTotals(deps, message.value.batchId, owned.flatMap(settlementsOf));
  await archiveRated(deps, message.value.batchId, owned);
  const rated = owned.filter((item) => item.status === 'rated').length;
  return {
    rated,
    unrated: owned.length - rated,
    duplicates,
    writeUnits: writeUnits + posted.writeUnits,
    postings: posted.postings,
  };
}

function parseMessage(
  body: string,
): { ok: true; value: CdrMessage } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(decodeCdrMessage(body));
  } catch (error) {
    // A body that does not unzip is as unreadable as one that is not JSON: kept, not retried.
    return { ok: false, error: `invalid_json: ${String(error)}` };
  }
  const parsed = cdrMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data as CdrMessage };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `invalid_message: ${issue?.path.join('.')}: ${issue?.message}` };
}

/** A message nobody can read is kept whole as one unrated `malformed` item, then deleted. */
async function storePoison(deps: RaterDeps, body: string, error: string): Promise<BatchReport> {
  const id = contentId('msg', body);
  const raw = await keepRaw(deps, id, body);
  const item = unratedItem({
    id,
    reason: 'malformed',
    message: error,
    batchId: id,
    receivedAtEpochMs: deps.clock.nowEpochMs(),
    ...raw,
  });
  const [outcome] = await deps.cdrs.putManyOnce([item]);
  const writeUnits = outcome?.written ? outcome.writeUnits : 0;
  return { rated: 0, unrated: 1, duplicates: 0, writeUnits, postings: 0 };
}
