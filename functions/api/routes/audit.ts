/**
 * The audit log of an account's subtree, newest first: who changed what, when, before and after.
 * Admins read the operator's (everything); a reseller reads its own subtree's.
 */
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../../core/audit/audit';
import { pageQuery } from '../config/page-query';
import { defineRoute } from '../http/route';
import { TREE_READERS } from './access';
import { accountParams } from '../schemas';

const entrySchema = z
  .object({
    auditId: z.string(),
    atEpochMs: z.int(),
    actor: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    entity: z.string(),
    entityId: z.string(),
    accountId: z.string(),
    path: z.string(),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .meta({ id: 'AuditEntry' });

const page = z
  .object({ entries: z.array(entrySchema), nextCursor: z.string().optional() })
  .strict()
  .meta({ id: 'AuditPage' });

export const listAuditRoute = defineRoute({
  method: 'GET',
  path: '/accounts/{accountId}/audit',
  operationId: 'listAudit',
  summary: 'Changes to an account and everything below it, newest first',
  idempotency: 'Read-only; pass nextCursor back as cursor for the next page.',
  access: { roles: TREE_READERS, access: 'read' },
  params: accountParams,
  query: pageQuery,
  targets: ({ params }) => [
    { accountId: params.accountId, relation: 'self_or_descendant', field: 'accountId' },
  ],
  responses: { 200: { description: 'One page', schema: page } },
  async handle({ params, query, deps }) {
    const result = await deps.audit.list(params.accountId, query.limit ?? 50, query.cursor);
    return { status: 200, body: result };
  },
});
