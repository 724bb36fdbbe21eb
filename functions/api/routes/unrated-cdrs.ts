/**
 * The unrated store through the API (Asterisell's "problems"): list unrated CDRs by reason,
 * and re-rate them once the configuration is fixed. Operator-wide: admin and sub_admin read,
 * admin re-rates.
 */
import { z } from 'zod';
import { UNRATED_REASONS } from '../../../core/cdr/rated-cdr';
import { withRawDocuments } from '../../rate-cdrs/raw-batch';
import { rerateUnrated } from '../../rate-cdrs/rerate';
import { isPageCursor } from '../../shared/dynamo/page-cursor';
import { limitQuery } from '../config/fields';
import { defineRoute } from '../http/route';

const reason = z.enum(UNRATED_REASONS);
const cursor = z.string().max(1000).refine(isPageCursor, 'is not a cursor this API returned');

const unratedItem = z
  .object({
    id: z.string(),
    reason,
    message: z.string(),
    receivedAtEpochMs: z.number(),
    batchId: z.string(),
    cdr: z.unknown().optional(),
    raw: z.string().optional(),
    rawKey: z.string().optional(),
  })
  .strict();

const page = z
  .object({ items: z.array(unratedItem), nextCursor: z.string().optional() })
  .strict()
  .meta({ id: 'UnratedCdrPage' });

export const listUnratedRoute = defineRoute({
  method: 'GET',
  path: '/cdrs/unrated',
  operationId: 'listUnratedCdrs',
  summary: 'Unrated CDRs with one reason, oldest first, with the document as received',
  idempotency: 'Read-only; pass `nextCursor` back.',
  access: { roles: ['admin', 'sub_admin'], access: 'read' },
  query: z.object({ reason, limit: limitQuery, cursor: cursor.optional() }).strict(),
  responses: { 200: { description: 'One page', schema: page } },
  handle: async ({ query, deps }) => {
    const found = await deps.cdrs.rater.cdrs.listUnrated(
      query.reason,
      query.limit ?? 50,
      query.cursor,
    );
    const documented = await withRawDocuments(deps.cdrs.rater.archive, found.items);
    const items = documented.map((item) => {
      const { id, reason: why, message, receivedAtEpochMs, batchId, cdr, raw, rawKey } = item;
      return { id, reason: why, message, receivedAtEpochMs, batchId, cdr, raw, rawKey };
    });
    return {
      status: 200,
      body: found.nextCursor ? { items, nextCursor: found.nextCursor } : { items },
    };
  },
});

const rerateReport = z
  .object({
    examined: z.number().int(),
    rated: z.number().int(),
    stillUnrated: z.number().int(),
    nextCursor: z.string().optional(),
  })
  .strict()
  .meta({ id: 'RerateReport' });

export const rerateUnratedRoute = defineRoute({
  method: 'POST',
  path: '/cdrs/unrated/rerate',
  operationId: 'rerateUnratedCdrs',
  summary: 'Re-rate up to `limit` unrated CDRs with one reason against the configuration now',
  idempotency: 'Each CDR is charged once (postings keyed by its id); a repeat re-rates the rest.',
  access: { roles: ['admin'], access: 'write' },
  body: z
    .object({
      reason,
      limit: z.number().int().min(1).max(100).optional(),
      cursor: cursor.optional(),
    })
    .strict(),
  responses: { 200: { description: 'What happened', schema: rerateReport } },
  handle: async ({ body, deps }) => ({
    status: 200,
    body: await rerateUnrated(deps.cdrs.rater, body.reason, body.limit ?? 100, body.cursor),
  }),
});
