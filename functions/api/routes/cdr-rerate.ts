/**
 * `POST /accounts/{accountId}/cdrs/rerate`: re-rate an account's rated CDRs answered in
 * [fromEpochMs, toEpochMs) against the configuration now; differences are posted as corrections
 * (reversal + new charge), never edits. One scan page per request: pass `nextCursor` back.
 */
import { z } from 'zod';
import { reratePeriod } from '../../rate-cdrs/rerate-period';
import { isPageCursor } from '../../shared/dynamo/page-cursor';
import { defineRoute } from '../http/route';
import { accountParams } from '../schemas';

const epochMs = z.number().int().min(0);

export const reratePeriodRoute = defineRoute({
  method: 'POST',
  path: '/accounts/{accountId}/cdrs/rerate',
  operationId: 'rerateCdrPeriod',
  summary: "Re-rate an account's rated CDRs of a period; differences become correction postings",
  idempotency: 'A repeat finds the corrected CDRs equal and posts nothing more.',
  access: { roles: ['admin'], access: 'write' },
  params: accountParams,
  body: z
    .object({
      fromEpochMs: epochMs,
      toEpochMs: epochMs,
      limit: z.number().int().min(1).max(1000).optional(),
      cursor: z
        .string()
        .max(1000)
        .refine(isPageCursor, 'is not a cursor this API returned')
        .optional(),
    })
    .strict(),
  targets: ({ params }) => [
    { accountId: params.accountId, relation: 'self_or_descendant', field: 'accountId' },
  ],
  responses: {
    200: {
      description: 'What was corrected',
      schema: z
        .object({
          examined: z.number().int(),
          corrected: z.number().int(),
          nextCursor: z.string().optional(),
        })
        .strict()
        .meta({ id: 'PeriodRerateReport' }),
    },
  },
  handle: async ({ params, body, deps }) => {
    const range = { fromEpochMs: body.fromEpochMs, toEpochMs: body.toEpochMs };
    const report = await reratePeriod(
      deps.cdrs.rater,
      params.accountId,
      range,
      body.limit ?? 1000,
      body.cursor,
    );
    return { status: 200, body: report };
  },
});
