/**
 * The wire shape of CDR batches: what an edge POSTs to `/edge/cdrs` (`{"cdrs": EdgeCdr[]}`) and
 * what one message of the `cdrs` queue carries (the same CDRs plus the batch id that names the
 * batch's ledger postings). One zod schema, so the API and the rater read the same contract.
 */
import { z } from 'zod';
import type { EdgeCdr } from './edge-cdr';

/** At most this many CDRs in one queue message: ≤ 99 accounts' postings fit one transaction. */
export const MAX_CDRS_PER_MESSAGE = 500;
/** SQS's message limit is 256 KB; a message is cut below it, leaving room for the envelope. */
export const MAX_MESSAGE_BYTES = 200 * 1024;
/** The longest body `POST /edge/cdrs` takes: the edge's own batch cap (2 MB) with headroom. */
export const MAX_EDGE_BATCH_BYTES = 4 * 1024 * 1024;

const text = z.string().max(1024);
const nullableText = text.nullable();
const epochMs = z.number().int().min(0);

const tollgateFacts = z
  .object({
    contract: text.optional(),
    account: text.optional(),
    rateGroup: text.optional(),
    deckVersion: text.optional(),
    prefix: text.optional(),
    window: text.optional(),
    lease: text.optional(),
    maxSeconds: z.number().int().min(0).optional(),
    edge: text.optional(),
    trunk: text.optional(),
    routePrefix: text.optional(),
    reason: text.optional(),
    emergency: text.optional(),
  })
  .strict();

export const normalizedCdrSchema = z
  .object({
    uuid: z.string().min(1).max(128),
    callUuid: z.string().max(128),
    leg: z.enum(['a', 'b']),
    direction: z.enum(['inbound', 'outbound']),
    caller: text,
    callee: text,
    context: text,
    accountCode: nullableText,
    authUser: nullableText,
    authRealm: nullableText,
    callerSipUser: nullableText,
    callerSipDomain: nullableText,
    sourceIp: text,
    startedAtEpochMs: epochMs,
    answeredAtEpochMs: epochMs.nullable(),
    endedAtEpochMs: epochMs,
    billsec: z.number().int().min(0),
    billmsec: z.number().int().min(0),
    hangupCause: text,
    hangupCauseQ850: z.number().int().nullable(),
    gateway: nullableText,
    otherLegUuid: nullableText,
    tollgate: tollgateFacts.nullable(),
  })
  .strict();

const source = z.enum(['http', 'err_log_dir']);

const parsedEdgeCdr = z
  .object({
    kind: z.literal('parsed'),
    cdr: normalizedCdrSchema,
    source,
    receivedAtEpochMs: epochMs,
  })
  .strict();

const unparsedEdgeCdr = z
  .object({
    kind: z.literal('unparsed'),
    error: z.object({ code: z.string().max(64), message: text }).strict(),
    raw: z.string(),
    source,
    receivedAtEpochMs: epochMs,
  })
  .strict();

export const edgeCdrSchema = z.discriminatedUnion('kind', [parsedEdgeCdr, unparsedEdgeCdr]);

/** Line of the message's raw batch file holding this CDR's document (line 1 is the index). */
const rawLine = z.number().int().min(2).max(1_000_000).optional();

/**
 * A CDR as a queue message carries it: an EdgeCdr, or — when its raw document went to the raw
 * batch file — the line of that file instead of the text (an unparsed one then names its id,
 * the content hash, which the route computed from the text).
 */
export const queuedCdrSchema = z.discriminatedUnion('kind', [
  parsedEdgeCdr.extend({ rawLine }),
  unparsedEdgeCdr.extend({
    raw: z.string().optional(),
    id: z.string().max(128).optional(),
    rawLine,
  }),
]);

/**
 * The batch an edge POSTs. Items are checked one by one (`checkEdgeCdr`), not by the batch
 * schema: one item the cloud cannot read must not make the whole batch a 400, which the edge
 * would re-send forever. Such an item is kept as `unparsed` (→ unrated `malformed`).
 */
export const edgeBatchSchema = z
  .object({
    cdrs: z
      .array(z.unknown())
      .min(1)
      .max(10_000)
      .describe('EdgeCdr items: {"kind":"parsed","cdr",…} or {"kind":"unparsed","raw",…}'),
  })
  .strict()
  .meta({ id: 'EdgeCdrBatch' });

/** An item of an edge batch as an EdgeCdr; one that is not becomes `unparsed` with its JSON. */
export function checkEdgeCdr(item: unknown, receivedAtEpochMs: number): EdgeCdr {
  const parsed = edgeCdrSchema.safeParse(item);
  if (parsed.success) return parsed.data as EdgeCdr;
  const issue = parsed.error.issues[0];
  return {
    kind: 'unparsed',
    error: {
      code: 'not_a_cdr',
      message: `not an EdgeCdr: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`.slice(
        0,
        500,
      ),
    },
    raw: JSON.stringify(item),
    source: 'http',
    receivedAtEpochMs,
  };
}

/** A queued CDR: an EdgeCdr, or one whose raw document is a line of the raw batch file. */
export type QueuedCdr =
  | (Extract<EdgeCdr, { kind: 'parsed' }> & { readonly rawLine?: number })
  | (Omit<Extract<EdgeCdr, { kind: 'unparsed' }>, 'raw'> & {
      readonly raw?: string;
      readonly id?: string;
      readonly rawLine?: number;
    });

/** One message of the `cdrs` queue. */
export interface CdrMessage {
  /** Names the batch's postings (`cdrs:<batchId>`): stable across redeliveries. */
  readonly batchId: string;
  /** Who sent it: `edge:<key id>` or `user:<id>` (imports). */
  readonly actor: string;
  /** Import option: trust the SIP From user@host as the account (see identifyAccount). */
  readonly trustCallerSipUser: boolean;
  /** The object key of the request's raw batch file, when raw documents were sent. */
  readonly rawFile?: string;
  readonly cdrs: readonly QueuedCdr[];
}

export const cdrMessageSchema = z
  .object({
    batchId: z.string().regex(/^[A-Za-z0-9._:@/-]{1,80}$/),
    actor: z.string().max(200),
    trustCallerSipUser: z.boolean(),
    rawFile: z.string().regex(/^raw\/[A-Za-z0-9._\/-]{1,200}$/).optional(),
    cdrs: z.array(queuedCdrSchema).min(1).max(MAX_CDRS_PER_MESSAGE),
  })
  .strict();

/**
 * Cuts a batch into queue messages of at most MAX_CDRS_PER_MESSAGE CDRs and MAX_MESSAGE_BYTES
 * each (a single larger CDR travels alone; SQS then refuses it and the API answers 5xx, so the
 * edge keeps it). Batch ids are `<requestId>-<n>`: the postings of each part are distinct.
 */
export function toMessages(
  batch: Omit<CdrMessage, 'batchId' | 'cdrs'>,
  requestId: string,
  cdrs: readonly QueuedCdr[],
): string[] {
  const bodies: string[] = [];
  let part: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (part.length === 0) return;
    const batchId = `${requestId}-${bodies.length}`;
    const head = JSON.stringify({ batchId, ...batch }).slice(0, -1);
    bodies.push(`${head},"cdrs":[${part.join(',')}]}`);
    part = [];
    bytes = 0;
  };
  for (const cdr of cdrs) {
    const json = JSON.stringify(cdr);
    if (part.length >= MAX_CDRS_PER_MESSAGE || bytes + json.length > MAX_MESSAGE_BYTES) flush();
    part.push(json);
    bytes += json.length + 1;
  }
  flush();
  return bodies;
}
