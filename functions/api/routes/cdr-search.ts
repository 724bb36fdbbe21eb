/**
 * `GET /accounts/{accountId}/cdrs`: CDR search for every human role within its subtree (the
 * guard decides the account; `subtree=true` widens to everything below it). A time range is
 * required and bounded; results come one UTC day at a time, by account path, in arrival order,
 * with an opaque cursor. See docs/cdrs.md (Reading the data).
 */
import { z } from 'zod';
import { HUMAN_ROLES } from '../../../core/auth/roles';
import { encodeSearchCursor } from '../../shared/dynamo/cdr-search';
import { limitQuery } from '../config/fields';
import { defineRoute } from '../http/route';
import { accountParams } from '../schemas';
import { pathAccountTarget } from './access';
import {
  cdrFilterFields,
  cdrRowSchema,
  checkRange,
  searchCursorSchema,
  searchCdrs,
} from './cdr-search-query';

/** Search pages read per request before answering with what matched (a sparse filter). */
export const SEARCH_PAGES_PER_REQUEST = 200;

const page = z
  .object({ cdrs: z.array(cdrRowSchema), nextCursor: z.string().optional() })
  .strict()
  .meta({ id: 'CdrPage' });

export const searchCdrsRoute = defineRoute({
  method: 'GET',
  path: '/accounts/{accountId}/cdrs',
  operationId: 'searchCdrs',
  summary: 'CDRs of an account (or its subtree) in a time range, filtered, one page at a time',
  idempotency: 'Read-only; pass `nextCursor` back (a page may be empty and still have one).',
  access: { roles: HUMAN_ROLES, access: 'read' },
  params: accountParams,
  query: z
    .object({ ...cdrFilterFields, limit: limitQuery, cursor: searchCursorSchema.optional() })
    .strict()
    .superRefine((value, context) => checkRange(value, context)),
  targets: ({ params }) => pathAccountTarget(params),
  responses: { 200: { description: 'One page of CDRs', schema: page } },
  async handle({ params, query, accounts, principal, deps }) {
    const found = await searchCdrs(deps, {
      principal: principal!,
      accountPath: accounts.get(params.accountId)!.path,
      filters: query,
      limit: query.limit ?? 50,
      maxPages: SEARCH_PAGES_PER_REQUEST,
      cursor: query.cursor,
    });
    const next = found.nextCursor ? { nextCursor: encodeSearchCursor(found.nextCursor) } : {};
    return { status: 200, body: { cdrs: found.rows, ...next } };
  },
});
