/**
 * `POST /cdrs/import`: raw FreeSWITCH CDR documents (JSON or XML, as mod_json_cdr or
 * mod_xml_cdr wrote them) for operators migrating from other switches or running without the
 * edge. Each document is parsed here; one that does not parse is still queued, with its raw
 * text and the reason, so it lands in the unrated store as `malformed` — nothing is dropped.
 */
import { z } from 'zod';
import type { EdgeCdr } from '../../../core/cdr/edge-cdr';
import { parseCdr } from '../../../core/freeswitch/parse-cdr';
import type { FsError, FsErrorCode } from '../../../core/freeswitch/result';
import { defineRoute } from '../http/route';
import { cdrsAcceptedSchema, queueBatch } from './edge-cdrs';

/** Documents per import request; larger migrations send several requests. */
export const MAX_IMPORT_DOCUMENTS = 1000;

const body = z
  .object({
    documents: z.array(z.string().min(1)).min(1).max(MAX_IMPORT_DOCUMENTS),
    /** Accept the SIP From user@host as the account (opt-in: a From header can be forged). */
    trustCallerSipUser: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'CdrImport' });

export const cdrImportRoute = defineRoute({
  method: 'POST',
  path: '/cdrs/import',
  operationId: 'importCdrs',
  summary: 'Import raw FreeSWITCH CDR documents for rating',
  idempotency: 'A re-imported document is stored and charged once (by its uuid or content).',
  access: { roles: ['admin'], access: 'write' },
  body,
  responses: { 202: { description: 'Queued for rating', schema: cdrsAcceptedSchema } },
  handle: async ({ body: input, principal, requestId, deps }) => {
    const receivedAtEpochMs = deps.clock.nowEpochMs();
    const entries = input.documents.map((raw) => {
      const parsed = parseCdr(raw);
      const cdr: EdgeCdr = parsed.ok
        ? { kind: 'parsed', cdr: parsed.value, source: 'http', receivedAtEpochMs }
        : { kind: 'unparsed', error: errorOf(parsed), raw, source: 'http', receivedAtEpochMs };
      return { cdr, raw };
    });
    const batch = {
      actor: principal!.actor,
      trustCallerSipUser: input.trustCallerSipUser ?? false,
    };
    const queued = await queueBatch(deps, batch, `import-${requestId}`, receivedAtEpochMs, entries);
    return { status: 202, body: queued };
  },
});

function errorOf(failed: FsError): { code: FsErrorCode; message: string } {
  return { code: failed.code, message: failed.message };
}
