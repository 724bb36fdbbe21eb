/**
 * The wire shape of CDR batches: what an edge POSTs to `/edge/cdrs` (`{"cdrs": EdgeCdr[]}`) and
 * what one message of the `cdrs` queue carries (the same CDRs plus the batch id that names the
 * batch's ledger postings). One zod schema, so the API and the rater read the same contract.
 */
import { z } from 'zod';
import type { EdgeCdr } from './edge-cdr';

/**
 * At most this many CDRs in one queue message: a whole edge batch (the edge sends ≤ 500) or
 * import request (≤ 1,000 documents) in one message, so its postings, search pages and summary
 * transaction are written once for all of them; the rater's work per message stays bounded
 * (1,000 conditional puts, 16 in flight, and postings cut in chunks of 100 actions).
 */
export const MAX_CDRS_PER_MESSAGE = 1000;
/** SQS's message limit is 256 KB; a plain JSON message is cut below it (room for the envelope). */
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
  // The field at fault by its path; an item that is not even an object is named as the item.
  const where = issue === undefined || issue.path.length === 0 ? 'item' : issue.path.join('.');
  return {
    kind: 'unparsed',
    error: {
      code: 'not_a_cdr',
      message: `not an EdgeCdr: ${where}: ${issue?.message ?? ''}`.slice(0, 500),
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
 * How message bodies travel: `encode` turns a message's JSON into the body sent (compressed by
 * `functions/shared/queues/cdr-message-codec.ts`; identity for plain JSON). A message's JSON is
 * cut at `maxJsonBytes` (bounds what the rater holds), its body at `maxBodyBytes`.
 */
export interface MessageEncoding {
  encode(json: string): string;
  readonly maxJsonBytes: number;
  readonly maxBodyBytes: number;
}

export const PLAIN_JSON: MessageEncoding = {
  encode: (json) => json,
  maxJsonBytes: MAX_MESSAGE_BYTES,
  maxBodyBytes: MAX_MESSAGE_BYTES + 1024,
};

/**
 * Cuts a batch into queue message bodies of at most MAX_CDRS_PER_MESSAGE CDRs, cut first by
 * the JSON size, then halved while the encoded body is too long (compression depends on the
 * content, so only the encoded body can tell). A single CDR too long travels alone: SQS then
 * refuses it and the API answers 5xx, so the edge keeps it. Batch ids are `<requestId>-<n>`
 * in order: the postings of each part are distinct.
 */
export function toMessages(
  batch: Omit<CdrMessage, 'batchId' | 'cdrs'>,
  requestId: string,
  cdrs: readonly QueuedCdr[],
  encoding: MessageEncoding = PLAIN_JSON,
): string[] {
  const bodies: string[] = [];
  const emit = (part: readonly string[]): void => {
    const batchId = `${requestId}-${bodies.length}`;
    const head = JSON.stringify({ batchId, ...batch }).slice(0, -1);
    const body = encoding.encode(`${head},"cdrs":[${part.join(',')}]}`);
    if (body.length <= encoding.maxBodyBytes || part.length === 1) {
      bodies.push(body);
      return;
    }
    const half = Math.ceil(part.length / 2);
    emit(part.slice(0, half));
    emit(part.slice(half));
  };
  for (const part of cutByJson(cdrs, encoding.maxJsonBytes)) emit(part);
  return bodies;
}

/** The CDRs as JSON, in parts of ≤ MAX_CDRS_PER_MESSAGE CDRs and ≤ maxJsonBytes of JSON. */
function cutByJson(cdrs: readonly QueuedCdr[], maxJsonBytes: number): string[][] {
  const parts: string[][] = [];
  let part: string[] = [];
  let bytes = 0;
  for (const cdr of cdrs) {
    const json = JSON.stringify(cdr);
    const full = part.length >= MAX_CDRS_PER_MESSAGE || bytes + json.length > maxJsonBytes;
    if (full && part.length > 0) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(json);
    bytes += json.length + 1;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
