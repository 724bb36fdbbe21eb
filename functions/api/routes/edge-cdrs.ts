/**
 * `POST /edge/cdrs`: an edge ships a batch of CDRs (`{"cdrs": EdgeCdr[]}`). The batch is cut
 * into queue messages (gzipped: a whole edge batch usually travels as one) and answered 202 only once every message is queued: the edge treats any
 * 2xx as accepted and drops the batch from its spool, so a failed send must be a 5xx. Raw
 * documents (the edge's unparsed CDRs) go to one raw batch file per request, never into the
 * messages (`functions/rate-cdrs/raw-batch.ts`).
 */
import { z } from 'zod';
import { checkEdgeCdr, edgeBatchSchema } from '../../../core/cdr/batch';
import { fileRawDocuments, type RawEntry } from '../../rate-cdrs/raw-batch';
import { toCompressedMessages } from '../../shared/queues/cdr-message-codec';
import type { ApiDeps } from '../deps';
import { defineRoute } from '../http/route';

export const cdrsAcceptedSchema = z
  .object({
    accepted: z.number().int(),
    /** Of the accepted, those that could not be read: each kept unrated as `malformed`. */
    malformed: z.number().int(),
    messages: z.number().int(),
    batchId: z.string(),
  })
  .strict()
  .meta({ id: 'CdrsAccepted' });

export const edgeCdrsRoute = defineRoute({
  method: 'POST',
  path: '/edge/cdrs',
  operationId: 'postEdgeCdrs',
  summary: 'Queue a batch of CDRs from an edge for rating',
  idempotency: 'A re-sent batch is queued again; each CDR is rated and charged once (by its uuid).',
  access: { roles: ['edge'], access: 'write' },
  body: edgeBatchSchema,
  responses: { 202: { description: 'Queued for rating', schema: cdrsAcceptedSchema } },
  handle: async ({ body, principal, requestId, deps }) => {
    const receivedAtEpochMs = deps.clock.nowEpochMs();
    const entries = body.cdrs.map((item) => ({
      cdr: checkEdgeCdr(item, receivedAtEpochMs),
      raw: null,
    }));
    const batch = { actor: principal!.actor, trustCallerSipUser: false };
    const queued = await queueBatch(deps, batch, `edge-${requestId}`, receivedAtEpochMs, entries);
    return { status: 202, body: queued };
  },
});

/**
 * A request's CDRs to the queue: its raw documents to one raw batch file first (the messages
 * then name it), then the messages; resolves once every message is queued.
 */
export async function queueBatch(
  deps: ApiDeps,
  batch: { readonly actor: string; readonly trustCallerSipUser: boolean },
  batchId: string,
  receivedAtEpochMs: number,
  entries: readonly RawEntry[],
): Promise<z.infer<typeof cdrsAcceptedSchema>> {
  const { archive } = deps.cdrs.rater;
  const filed = await fileRawDocuments(archive, batchId, receivedAtEpochMs, entries);
  const rawFile = filed.rawFile === undefined ? {} : { rawFile: filed.rawFile };
  const messages = toCompressedMessages({ ...batch, ...rawFile }, batchId, filed.cdrs);
  await deps.cdrs.queue.send(messages);
  const malformed = entries.filter((entry) => entry.cdr.kind === 'unparsed').length;
  return { accepted: entries.length, malformed, messages: messages.length, batchId };
}
