import { z } from 'zod';
import { HUMAN_ROLES } from '../../../core/auth/roles';
import { isPostingCursor } from '../../shared/dynamo/posting-cursor';
import { defineRoute } from '../http/route';
import { accountParams, postingSchema, postingView } from '../schemas';

/** 100 postings per page keeps a response far below API Gateway's and Lambda's payload limits. */
export const MAX_PAGE_SIZE = 100;

const query = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    cursor: z
      .string()
      .max(400)
      .refine(isPostingCursor, 'is not a cursor this API returned')
      .optional(),
  })
  .strict();

const page = z
  .object({ postings: z.array(postingSchema), nextCursor: z.string().optional() })
  .strict()
  .meta({ id: 'PostingPage' });

export const postingsRoute = defineRoute({
  method: 'GET',
  path: '/accounts/{accountId}/postings',
  operationId: 'listPostings',
  summary: 'Postings of an account, newest first, paginated',
  idempotency: 'Read-only; pass nextCursor back as cursor for the next page.',
  access: { roles: HUMAN_ROLES, access: 'read' },
  params: accountParams,
  query,
  targets: ({ params }) => [
    { accountId: params.accountId, relation: 'self_or_descendant', field: 'accountId' },
  ],
  responses: { 200: { description: 'One page', schema: page } },
  async handle({ params, query: input, deps }) {
    const result = await deps.ledger.listPostings(
      params.accountId,
      input.limit ?? 50,
      input.cursor,
    );
    const body = {
      postings: result.postings.map(postingView),
      ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
    };
    return { status: 200, body };
  },
});
