/**
 * `GET /accounts/{accountId}/cdr-summaries`: calls, answered (ASR), billsec (ACD), billable
 * seconds and charges of an account — or of its subtree — by account, prefix, trunk or UTC
 * day, folded from the cells the rater adds once per batch (`core/cdr/summary.ts`). Revenue,
 * carrier cost and margin (operator's currency) are for operator staff: a reseller's revenue
 * is its parent's price, which its own subtree must not learn.
 */
import { z } from 'zod';
import { HUMAN_ROLES } from '../../../core/auth/roles';
import { DAY_MS, groupCells, SUMMARY_GROUPS, type SummaryRow } from '../../../core/cdr/summary';
import { formatMoney } from '../../../core/money/micros';
import { CdrSummaryStore, SummaryRangeTooLarge } from '../../shared/dynamo/cdr-summaries';
import { ApiError } from '../http/errors';
import { defineRoute } from '../http/route';
import { accountParams, decimalMoney } from '../schemas';
import { pathAccountTarget } from './access';
import { cdrFilterFields, checkRange } from './cdr-search-query';

/** A quarter of UTC days per request. */
export const MAX_SUMMARY_RANGE_MS = 92 * DAY_MS;
/** Cells folded per request at most (~3 MB read); a larger fold is refused, never truncated. */
export const MAX_SUMMARY_CELLS = 20_000;

const count = z.int().min(0);
const rowSchema = z
  .object({
    key: z.string().describe('The account id, prefix, trunk or day'),
    currency: z.string().describe('Of `chargeMicros`: rows never add two currencies'),
    calls: count,
    answered: count,
    asrPercent: z.string(),
    acdSeconds: count,
    billsec: count,
    billableSeconds: count,
    chargeMicros: z.int(),
    charge: decimalMoney,
    carrierLegs: count,
    carrierBillsec: count,
    revenueMicros: z.int().optional(),
    costMicros: z.int().optional(),
    marginMicros: z.int().optional(),
  })
  .strict()
  .meta({ id: 'CdrSummaryRow' });

export const cdrSummariesRoute = defineRoute({
  method: 'GET',
  path: '/accounts/{accountId}/cdr-summaries',
  operationId: 'getCdrSummaries',
  summary: 'Call summaries of an account or its subtree by account, prefix, trunk or day',
  idempotency: 'Read-only.',
  access: { roles: HUMAN_ROLES, access: 'read' },
  params: accountParams,
  query: z
    .object({
      fromEpochMs: cdrFilterFields.fromEpochMs,
      toEpochMs: cdrFilterFields.toEpochMs,
      by: z.enum(SUMMARY_GROUPS),
      subtree: cdrFilterFields.subtree,
    })
    .strict()
    .superRefine((value, context) => checkRange(value, context, MAX_SUMMARY_RANGE_MS)),
  targets: ({ params }) => pathAccountTarget(params),
  responses: {
    200: {
      description: 'One row per key and currency, in key order',
      schema: z.object({ rows: z.array(rowSchema) }).strict().meta({ id: 'CdrSummaries' }),
    },
  },
  async handle({ params, query, accounts, principal, deps }) {
    const path = accounts.get(params.accountId)!.path;
    const store = new CdrSummaryStore(deps.cdrs.rater.documents, deps.cdrs.rater.cdrs.tableName);
    const keyPrefix = query.subtree === 'true' ? path : `${path}#`;
    const cells = await store.cells(query, keyPrefix, MAX_SUMMARY_CELLS).catch((error) => {
      if (!(error instanceof SummaryRangeTooLarge)) throw error;
      const message = `more than ${MAX_SUMMARY_CELLS} summary cells: ask for fewer days`;
      throw new ApiError(422, error.code, message, 'fromEpochMs');
    });
    const staff = principal!.role === 'admin' || principal!.role === 'sub_admin';
    const rows = groupCells(cells, query.by).map((row) => viewOf(row, staff));
    return { status: 200, body: { rows } };
  },
});

function viewOf(row: SummaryRow, staff: boolean) {
  const { revenueMicros, costMicros, ...totals } = row.totals;
  return {
    key: row.key,
    currency: row.currency,
    asrPercent: row.asrPercent,
    acdSeconds: row.acdSeconds,
    ...totals,
    charge: formatMoney(totals.chargeMicros),
    ...(staff ? { revenueMicros, costMicros, marginMicros: row.marginMicros } : {}),
  };
}
