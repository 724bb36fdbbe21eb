/**
 * `POST /cdrs/import`: raw FreeSWITCH CDR documents (JSON or XML, as mod_json_cdr or
 * mod_xml_cdr wrote them), or a CDR CSV (`core/cdr/csv-import.ts`), for operators migrating
 * from other switches or running without the edge. Each document (row) is parsed here; one
 * that does not parse is still queued, with its raw text and the reason, so it lands in the
 * unrated store as `malformed` — nothing is dropped. A CSV's answer reports every bad cell by
 * line and column. The raw documents (rows) go to the request's raw batch file.
 */
import { z } from 'zod';
import type { EdgeCdr } from '../../../core/cdr/edge-cdr';
import { readCdrCsv } from '../../../core/cdr/csv-import';
import { parseCdr } from '../../../core/freeswitch/parse-cdr';
import type { FsError, FsErrorCode } from '../../../core/freeswitch/result';
import type { RawEntry } from '../../rate-cdrs/raw-batch';
import { ApiError } from '../http/errors';
import { defineRoute } from '../http/route';
import { cdrsAcceptedSchema, queueBatch } from './edge-cdrs';

/** Documents per import request; larger migrations send several requests. */
export const MAX_IMPORT_DOCUMENTS = 1000;

const body = z
  .object({
    documents: z.array(z.string().min(1)).min(1).max(MAX_IMPORT_DOCUMENTS).optional(),
    csv: z
      .string()
      .min(1)
      .optional()
      .describe('A CDR CSV (docs/cdrs.md: uuid, account, caller, destination, times, …)'),
    /** Accept the SIP From user@host as the account (opt-in: a From header can be forged). */
    trustCallerSipUser: z.boolean().optional(),
  })
  .strict()
  .refine((input) => (input.documents === undefined) !== (input.csv === undefined), {
    message: 'give documents or csv, one of them',
    path: ['csv'],
  })
  .meta({ id: 'CdrImport' });

const issue = z
  .object({ line: z.number().int(), column: z.string(), code: z.string(), message: z.string() })
  .strict();

const accepted = cdrsAcceptedSchema
  .extend({
    /** CSV only: rows read, rows accepted, and each bad cell by line and column. */
    report: z
      .object({
        rows: z.number().int(),
        accepted: z.number().int(),
        errors: z.array(issue),
        warnings: z.array(issue),
        truncated: z.literal(true).optional(),
      })
      .strict()
      .optional(),
  })
  .meta({ id: 'CdrsImported' });

export const cdrImportRoute = defineRoute({
  method: 'POST',
  path: '/cdrs/import',
  operationId: 'importCdrs',
  summary: 'Import raw FreeSWITCH CDR documents or a CDR CSV for rating',
  idempotency: 'A re-imported CDR is stored and charged once (by its uuid or content).',
  access: { roles: ['admin'], access: 'write' },
  body,
  responses: { 202: { description: 'Queued for rating', schema: accepted } },
  handle: async ({ body: input, principal, requestId, deps }) => {
    const receivedAtEpochMs = deps.clock.nowEpochMs();
    const batch = {
      actor: principal!.actor,
      trustCallerSipUser: input.trustCallerSipUser ?? false,
    };
    const batchId = `import-${requestId}`;
    if (input.csv !== undefined) {
      const { entries, report } = await csvEntries(input.csv, receivedAtEpochMs);
      const queued = await queueBatch(deps, batch, batchId, receivedAtEpochMs, entries);
      return { status: 202, body: { ...queued, report } };
    }
    const entries = (input.documents ?? []).map((raw) => {
      const parsed = parseCdr(raw);
      const cdr: EdgeCdr = parsed.ok
        ? { kind: 'parsed', cdr: parsed.value, source: 'http', receivedAtEpochMs }
        : { kind: 'unparsed', error: errorOf(parsed), raw, source: 'http', receivedAtEpochMs };
      return { cdr, raw };
    });
    return {
      status: 202,
      body: await queueBatch(deps, batch, batchId, receivedAtEpochMs, entries),
    };
  },
});

/**
 * The CSV's rows as queue entries: a good row as its normalized CDR, a bad one as `unparsed`
 * (→ unrated `malformed`, with the row's cells) — reported and kept, never dropped. A header
 * that lacks a column refuses the whole file (400 naming the column): no row can be read.
 */
async function csvEntries(csv: string, receivedAtEpochMs: number) {
  const read = await readCdrCsv(csv);
  const first = read.report.errors[0];
  if (read.headerRejected) {
    const where = first ? `line ${first.line}, column ${first.column}: ${first.message}` : '';
    throw new ApiError(400, first?.code ?? 'invalid_csv', where, 'csv');
  }
  const good: RawEntry[] = read.rows.map(({ cdr, raw }) => ({
    cdr: { kind: 'parsed', cdr, source: 'http', receivedAtEpochMs },
    raw,
  }));
  const bad: RawEntry[] = read.rejected.map(({ raw, message }) => ({
    cdr: {
      kind: 'unparsed',
      error: { code: 'not_a_cdr', message },
      raw,
      source: 'http',
      receivedAtEpochMs,
    },
    raw,
  }));
  return { entries: [...good, ...bad], report: read.report };
}

function errorOf(failed: FsError): { code: FsErrorCode; message: string } {
  return { code: failed.code, message: failed.message };
}
