/**
 * `GET /cdrs/dead-letters`: CDR batches that failed `maxReceiveCount` times and wait in the
 * dead-letter queue — with their batch id and size, so an operator can see what is not charged
 * yet (their CDR items may exist; their postings wait for a redrive). A look, never a delete.
 * `POST /cdrs/dead-letters/redrive`: once the cause is fixed, every dead-lettered batch goes
 * back to the `cdrs` queue (SQS's StartMessageMoveTask; the local queue moves them at once).
 * Harmless to repeat: a redriven batch keeps its batch id, so its items and postings replay.
 */
import { z } from 'zod';
import { decodeCdrMessage } from '../../shared/queues/cdr-message-codec';
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
    const parsed = JSON.parse(decodeCdrMessage(body)) as { batchId?: unknown; cdrs?: unknown };
    return {
      batchId: typeof parsed.batchId === 'string' ? parsed.batchId : null,
      cdrs: Array.isArray(parsed.cdrs) ? parsed.cdrs.length : null,
    };
  } catch {
    return { batchId: null, cdrs: null };
  }
}

const redrive = z
  .object({
    /** Messages moved (the local queue), or null when SQS moves them in the background. */
    moved: z.number().int().nullable(),
    /** SQS's move task, for `aws sqs list-message-move-tasks`; null locally. */
    taskHandle: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'CdrRedrive' });

export const redriveCdrDeadLettersRoute = defineRoute({
  method: 'POST',
  path: '/cdrs/dead-letters/redrive',
  operationId: 'redriveCdrDeadLetters',
  summary: 'Move every dead-lettered CDR batch back to the queue to be rated again',
  idempotency: 'Each batch keeps its id: redriving twice charges nothing twice.',
  access: { roles: ['admin'], access: 'write' },
  responses: { 202: { description: 'Moved, or a move task started', schema: redrive } },
  handle: async ({ deps }) => {
    const result = await deps.cdrs.queue.redriveDeadLetters();
    const body =
      result.kind === 'moved'
        ? { moved: result.moved, taskHandle: null }
        : { moved: null, taskHandle: result.taskHandle };
    return { status: 202, body };
  },
});
