/**
 * Re-rating a `malformed` CDR: its document is parsed again with today's parser (one fixed
 * since, or a document an older edge could not read). One that parses now goes through the
 * rater exactly as a one-CDR queue message `reparse-<id>` would — written once under its own
 * uuid, charged once (postings keyed by that batch), in the search, summaries and archive — and
 * the malformed entry leaves the unrated list, pointing at the CDR it became (`reparsedAs`).
 * A crash between the two is repaired by the next re-rate: the message is a replay, and the
 * entry is resolved then. A document that still does not parse stays as it is.
 */
import type { NormalizedCdr } from '../../core/freeswitch/normalized-cdr';
import { parseCdr } from '../../core/freeswitch/parse-cdr';
import type { CdrMessage } from '../../core/cdr/batch';
import type { StoredCdr } from '../shared/dynamo/cdr-store';
import type { RaterDeps } from './deps';
import { contentId } from './items';
import { rateMessage, type BatchReport } from './rate-batch';
import { withRawDocuments } from './raw-batch';
import type { ConfigResolver } from './resolver';

/** What became of a malformed item: still unparsable, or rated / unrated under its uuid. */
export type ReparseOutcome = 'unparsable' | 'rated' | 'unrated';

export async function reparseMalformed(
  deps: RaterDeps,
  resolver: ConfigResolver,
  item: StoredCdr,
): Promise<ReparseOutcome> {
  const raw = await documentOf(deps, item);
  const parsed = raw === undefined ? undefined : parseCdr(raw);
  if (!parsed?.ok) return 'unparsable';
  const report = await rateMessage(deps, resolver, JSON.stringify(messageOf(item, parsed.value)));
  // The entry leaves the list only for a CDR that is stored now (never for a message the
  // rater could not read, which it keeps apart as poison).
  if ((await deps.cdrs.get(parsed.value.uuid)) === undefined) return 'unparsable';
  const { upk: _upk, usk: _usk, ...entry } = item;
  await deps.cdrs.replaceUnrated({ ...entry, reparsedAs: parsed.value.uuid });
  return outcomeOf(report);
}

function messageOf(item: StoredCdr, cdr: NormalizedCdr): CdrMessage {
  const queued = item.cdr as { source?: 'http' | 'err_log_dir' } | undefined;
  const receivedAtEpochMs = Number(item.receivedAtEpochMs);
  const rawLine = typeof item.rawLine === 'number' ? { rawLine: item.rawLine } : {};
  return {
    batchId: batchIdOf(item.id),
    actor: 'system:reparse',
    trustCallerSipUser: false,
    ...(typeof item.rawFile === 'string' ? { rawFile: item.rawFile } : {}),
    cdrs: [
      { kind: 'parsed', cdr, source: queued?.source ?? 'http', receivedAtEpochMs, ...rawLine },
    ],
  };
}

/** `reparse-<id>`, or of the id's hash when the id would not make a batch id. */
function batchIdOf(id: string): string {
  const batchId = `reparse-${id}`;
  return /^[A-Za-z0-9._:@/-]{1,80}$/.test(batchId) ? batchId : `reparse-${contentId('msg', id)}`;
}

/** The document as kept: inline, in the object store, or a line of its raw batch file. */
async function documentOf(deps: RaterDeps, item: StoredCdr): Promise<string | undefined> {
  if (typeof item.raw === 'string') return item.raw;
  if (typeof item.rawKey === 'string') {
    const bytes = await deps.objects.get(item.rawKey);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }
  const [filled] = await withRawDocuments(deps.objects, [item]);
  return typeof filled?.raw === 'string' ? filled.raw : undefined;
}

/** A CDR already stored under that uuid (imported again meanwhile) counts as not re-rated. */
function outcomeOf(report: BatchReport): ReparseOutcome {
  return report.rated === 1 ? 'rated' : 'unrated';
}
