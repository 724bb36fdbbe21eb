/**
 * The `cdrs` queue's message bodies, compressed: `gz1:` + base64(gzip(JSON)). Normalized CDRs
 * are repetitive JSON (~900 B each, ~125 B gzipped), so one message carries a whole edge batch
 * instead of ~250 CDRs, and what the rater writes once per message (postings, search pages,
 * summary transaction) is shared by more CDRs. A body without the marker is plain JSON (`{…`):
 * messages queued before, redelivered from the DLQ, and the tests' own bodies still parse.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  toMessages,
  type CdrMessage,
  type MessageEncoding,
  type QueuedCdr,
} from '../../../core/cdr/batch';

const MARKER = 'gz1:';

/**
 * SQS takes 256 KiB per message (body and attributes); bodies stay 16 KiB below it. Base64
 * adds a third, so this is ~180 KiB of gzip: ~1,400 realistic CDRs, past the 1,000 per message.
 */
export const MAX_COMPRESSED_BODY_BYTES = 240 * 1024;
/** The JSON a message may carry: bounds the rater's memory per message (10 per receive). */
export const MAX_MESSAGE_JSON_BYTES = 1024 * 1024;

export const GZIP_MESSAGES: MessageEncoding = {
  encode: encodeCdrMessage,
  maxJsonBytes: MAX_MESSAGE_JSON_BYTES,
  maxBodyBytes: MAX_COMPRESSED_BODY_BYTES,
};

export function encodeCdrMessage(json: string): string {
  return MARKER + gzipSync(json).toString('base64');
}

/** The message's JSON; plain bodies as they are. Throws on a marked body that is not gzip. */
export function decodeCdrMessage(body: string): string {
  if (!body.startsWith(MARKER)) return body;
  const zipped = Buffer.from(body.slice(MARKER.length), 'base64');
  // A body is never more than one message's JSON (and its envelope): refuse a larger output.
  return gunzipSync(zipped, { maxOutputLength: 2 * MAX_MESSAGE_JSON_BYTES }).toString('utf8');
}

/** A request's CDRs as compressed message bodies (see `toMessages`). */
export function toCompressedMessages(
  batch: Omit<CdrMessage, 'batchId' | 'cdrs'>,
  requestId: string,
  cdrs: readonly QueuedCdr[],
): string[] {
  return toMessages(batch, requestId, cdrs, GZIP_MESSAGES);
}
