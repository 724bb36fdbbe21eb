/**
 * `POST /edge/cdrs`: an edge ships a batch of CDRs (`{"cdrs": EdgeCdr[]}`). The batch is cut
 * into queue messages and answered 202 only once every message is queued: the edge treats any
 * 2xx as accepted and drops the batch from its spool, so a failed send must be a 5xx.
 */
import { z } from 'zod';
import { checkEdgeCdr, edgeBatchSchema, toMessages } from '../../../core/cdr/batch';
import { defineRoute } from '../http/route';

export const cdrsAcceptedSchema = z
  .object({ accepted: z.number().int(), messages: z.number().int(), batchId: z.string() })
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
    const cdrs = body.cdrs.map((item) => checkEdgeCdr(item, receivedAtEpochMs));
    const batch = { actor: principal!.actor, trustCallerSipUser: false };
    const messages = toMessages(batch, `edge-${requestId}`, cdrs);
    await deps.cdrs.queue.send(messages);
    return {
      status: 202,
      body: { accepted: cdrs.length, messages: messages.length, batchId: `edge-${requestId}` },
    };
  },
});
