/**
 * `POST /accounts/{accountId}/cdrs/exports`: the CDRs a search would answer, as a CSV file in
 * the object store with a signed download URL (the pattern of `exports.ts`).
 *
 * Why a file and not a streamed response: API Gateway HTTP APIs buffer a Lambda's answer (6 MB
 * at most, 30 s) — Lambda response streaming needs a function URL, outside the API and its
 * guard. So one request writes up to EXPORT_ROWS rows (searched page by page, then put as one
 * object well inside those limits) and answers `nextCursor` when there are more: the next
 * request writes the next file. Columns: docs/cdrs.md.
 */
import { z } from 'zod';
import { HUMAN_ROLES } from '../../../core/auth/roles';
import { csvHeader, csvLine, type CsvColumn } from '../../../core/exports/csv';
import { formatMoney } from '../../../core/money/micros';
import { TRANSFER_URL_SECONDS } from '../../../core/objects/object-store';
import { encodeSearchCursor } from '../../shared/dynamo/cdr-search';
import { transferSchema } from '../config/deck-schemas';
import { defineRoute } from '../http/route';
import { accountParams } from '../schemas';
import { pathAccountTarget } from './access';
import {
  cdrFilterFields,
  checkRange,
  searchCdrs,
  searchCursorSchema,
  type CdrRow,
} from './cdr-search-query';

/** Rows per export file: ~2 MB of CSV, searched and written in a few seconds. */
export const EXPORT_ROWS = 10_000;
/** Search pages read per export request, so a sparse filter cannot run past the API timeout. */
const EXPORT_PAGES = 2_000;
const SEARCH_ROWS = 100;

const iso = (epochMs: number | null) => (epochMs === null ? '' : new Date(epochMs).toISOString());
const own = (row: CdrRow) => row.charges.find((level) => level.accountId === row.accountId);

export const CDR_CSV_COLUMNS: readonly CsvColumn<CdrRow>[] = [
  { name: 'id', value: (row) => row.id },
  { name: 'accountId', value: (row) => row.accountId },
  { name: 'leg', value: (row) => row.leg },
  { name: 'status', value: (row) => row.status },
  { name: 'disposition', value: (row) => row.disposition },
  { name: 'reason', value: (row) => row.reason },
  { name: 'startedAt', value: (row) => iso(row.startedAtEpochMs) },
  { name: 'answeredAt', value: (row) => iso(row.answeredAtEpochMs) },
  { name: 'endedAt', value: (row) => iso(row.endedAtEpochMs) },
  { name: 'caller', value: (row) => row.caller },
  { name: 'callee', value: (row) => row.callee },
  { name: 'billsec', value: (row) => row.billsec },
  { name: 'billableSeconds', value: (row) => row.billableSeconds },
  { name: 'hangupCause', value: (row) => row.hangupCause },
  { name: 'prefix', value: (row) => row.prefix },
  { name: 'currency', value: (row) => own(row)?.currency },
  { name: 'charge', value: (row) => own(row)?.charge ?? formatMoney(0) },
  {
    name: 'charges',
    value: (row) => row.charges.map((c) => `${c.accountId} ${c.currency} ${c.charge}`),
  },
  { name: 'revenueMicros', value: (row) => row.revenueMicros },
  { name: 'carrierCostMicros', value: (row) => row.carrierCostMicros },
  { name: 'trunk', value: (row) => row.trunk },
];

const body = z
  .object({
    ...cdrFilterFields,
    subtree: z.boolean().optional().describe('Include every account below'),
    cursor: searchCursorSchema.optional(),
  })
  .strict()
  .superRefine((value, context) => checkRange(value, context));

export const exportCdrsRoute = defineRoute({
  method: 'POST',
  path: '/accounts/{accountId}/cdrs/exports',
  operationId: 'exportCdrs',
  summary: 'Write the CDRs a search would answer as a CSV file; answers its download URL',
  idempotency: 'Read-only in effect; each call writes a new file. Pass `nextCursor` back.',
  access: { roles: HUMAN_ROLES, access: 'read' },
  params: accountParams,
  body,
  targets: ({ params }) => pathAccountTarget(params),
  responses: {
    200: {
      description: 'The export file',
      schema: z
        .object({ rows: z.int(), download: transferSchema, nextCursor: z.string().optional() })
        .strict()
        .meta({ id: 'CdrExport' }),
    },
  },
  async handle({ params, body: input, accounts, principal, deps, requestId }) {
    const parts = [csvHeader(CDR_CSV_COLUMNS)];
    const filters = { ...input, subtree: input.subtree ? ('true' as const) : ('false' as const) };
    let cursor = input.cursor;
    let rows = 0;
    let pagesLeft = EXPORT_PAGES;
    do {
      const found = await searchCdrs(deps, {
        principal: principal!,
        accountPath: accounts.get(params.accountId)!.path,
        filters,
        limit: Math.min(SEARCH_ROWS, EXPORT_ROWS - rows),
        maxPages: pagesLeft,
        cursor,
      });
      for (const row of found.rows) parts.push(csvLine(CDR_CSV_COLUMNS, row));
      rows += found.rows.length;
      pagesLeft -= found.pagesRead;
      cursor = found.nextCursor ? encodeSearchCursor(found.nextCursor) : undefined;
    } while (cursor && rows < EXPORT_ROWS && pagesLeft > 0);
    const key = `exports/${requestId}-cdrs.csv`;
    await deps.objects.put(key, Buffer.from(parts.join(''), 'utf8'), 'text/csv');
    const download = await deps.objects.downloadUrl(key, TRANSFER_URL_SECONDS);
    return { status: 200, body: { rows, download, ...(cursor ? { nextCursor: cursor } : {}) } };
  },
});
