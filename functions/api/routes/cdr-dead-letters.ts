/**
 * `GET /cdrs/dead-letters`: CDR batches that failed `maxReceiveCount` times and wait in the
 * dead-letter queue — with their batch id and size, so an operator can see what is not charged
 * yet (their CDR items may exist; their postings wait for a redrive). A look, never a delete.
 */
import { z } from 'zod';
import { defineRoute } from '../http/route';

const deadLetter = z
  .object({
    messageId: z.string(),
    sentAtEpochMs: z.number(),
    batchId: z.string().nullable(),
    cdrs: z.number().int().nullable(),
    bytes: z.number().int(),
  })
  .strict();

export const listCdrDeadLettersRoute = defineRoute({
  method: 'GET',
  path: '/cdrs/dead-letters',
  operationId: 'listCdrDeadLetters',
  summary: 'CDR batches waiting in the dead-letter queue (up to 10 per look)',
  idempotency: 'Read-only; the messages stay in the queue.',
  access: { roles: ['admin', 'sub_admin'], access: 'read' },
  responses: {
    200: {
      description: 'Dead-lettered batches',
      schema: z
        .object({ items: z.array(deadLetter) })
        .strict()
        .meta({ id: 'CdrDeadLetters' }),
    },
  },
  handle: async ({ deps }) => {
    const letters = await deps.cdrs.queue.peekDeadLetters(10);
    const items = letters.map(({ messageId, body, sentAtEpochMs }) => ({
      messageId,
      sentAtEpochMs,
      ...summaryOf(body),
      bytes: Buffer.byteLength(body),
    }));
    return { status: 200, body: { items } };
  },
});

/** The batch id and CDR count of a message body, or nulls for one that is not a batch. */
function summaryOf(body: string): { batchId: string | null; cdrs: number | null } {
  try {
    const parsed = JSON.parse(body) as { batchId?: unknown; cdrs?: unknown };
    return {
      batchId: typeof parsed.batchId === 'string' ? parsed.batchId : null,
      cdrs: Array.isArray(parsed.cdrs) ? parsed.cdrs.length : null,
    };
  } catch {
    return { batchId: null, cdrs: null };
  }
}
