import { z } from 'zod';
import { HUMAN_ROLES } from '../../../core/auth/roles';
import { idsOfPath } from '../../../core/accounts/tenancy';
import { canReach } from '../../../core/auth/guard';
import type { Principal } from '../../../core/auth/roles';
import type { Posting } from '../../../core/ledger/posting';
import { counterpartOf, withHiddenCounterpart } from '../../../core/ledger/transfer-reference';
import { isPostingCursor } from '../../shared/dynamo/posting-cursor';
import type { ApiDeps } from '../deps';
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
  async handle({ params, query: input, principal, deps }) {
    const result = await deps.ledger.listPostings(
      params.accountId,
      input.limit ?? 50,
      input.cursor,
    );
    const postings = await withForeignCounterpartsHidden(result.postings, principal!, deps);
    const body = {
      postings: postings.map(postingView),
      ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
    };
    return { status: 200, body };
  },
});

/**
 * A transfer's reference names the other account. An admin may move money between two
 * resellers' customers; each side's readers then see "another account", since an account outside
 * the caller's subtree stays unknown (the same rule as the 404).
 */
async function withForeignCounterpartsHidden(
  postings: readonly Posting[],
  principal: Principal,
  deps: ApiDeps,
): Promise<readonly Posting[]> {
  // Whoever can see the operator's account (the root) sees every account: nothing to look up.
  const root = `/${idsOfPath(principal.subtreePath)[0]}/`;
  if (canReach(principal, root, 'self_or_descendant')) return postings;
  const ids = new Set(
    postings.flatMap((p) => (p.kind === 'transfer' ? (counterpartOf(p.reference) ?? []) : [])),
  );
  const visible = new Map<string, boolean>();
  await Promise.all(
    [...ids].map(async (id) => {
      const account = await deps.directory.getAccount(id);
      visible.set(id, account !== undefined && canReach(principal, account.path, 'self_or_descendant'));
    }),
  );
  return postings.map((posting) => {
    const id = posting.kind === 'transfer' ? counterpartOf(posting.reference) : undefined;
    return id === undefined || visible.get(id)
      ? posting
      : { ...posting, reference: withHiddenCounterpart(posting.reference) };
  });
}
