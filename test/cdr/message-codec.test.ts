// Proves the compressed `cdrs` queue bodies: realistic edge CDRs travel ~1,000 to a message under
// SQS's limit, bodies are cut exactly at the byte limit (halving, order and every CDR kept),
// plain-JSON bodies (older messages, redriven ones) still read, and a broken body is refused.
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cdrMessageSchema,
  MAX_CDRS_PER_MESSAGE,
  toMessages,
  type MessageEncoding,
  type QueuedCdr,
} from '../../core/cdr/batch';
import {
  decodeCdrMessage,
  encodeCdrMessage,
  MAX_COMPRESSED_BODY_BYTES,
  toCompressedMessages,
} from '../../functions/shared/queues/cdr-message-codec';
import { londonCall } from '../support/london-call';

const batch = { actor: 'edge:e1', trustCallerSipUser: false };

/** An edge-authorized call: every `tollgate_*` fact, random ids, numbers and durations. */
function edgeCall(index: number): QueuedCdr {
  const digits = (n: number) => String(randomBytes(6).readUIntBE(0, 6)).slice(0, n);
  const call = londonCall({ account: `c${(index % 4) + 1}`, billsec: index % 600 });
  return {
    ...call,
    cdr: {
      ...call.cdr,
      caller: `1555${digits(7)}`,
      callee: `44${digits(10)}`,
      authUser: `c${(index % 4) + 1}`,
      authRealm: 'sip.example.net',
      gateway: 'carrier-a',
      otherLegUuid: randomUUID(),
      startedAtEpochMs: call.cdr.startedAtEpochMs - (index % 997) * 611,
      tollgate: {
        contract: '1',
        account: `c${(index % 4) + 1}`,
        rateGroup: 'retail',
        deckVersion: 'v-2026-11-01T00:00:00.000Z-7f3a',
        prefix: '4420',
        window: 'peak',
        lease: randomUUID(),
        maxSeconds: 3600,
        edge: 'edge-lon-1',
        trunk: 't1',
      },
    },
  };
}

const read = (body: string) => cdrMessageSchema.parse(JSON.parse(decodeCdrMessage(body)));

describe('compressed CDR messages', () => {
  it('carries 1,000 realistic edge CDRs in one message under the SQS limit', () => {
    // Prepare: 3,000 CDRs as an import would bring them (the edge sends ≤ 500 per request).
    const cdrs = Array.from({ length: 3_000 }, (_, index) => edgeCall(index));
    const plain = toMessages(batch, 'p', cdrs);
    // Act
    const bodies = toCompressedMessages(batch, 'z', cdrs);
    // Assess: 3 messages of 1,000 instead of ~14 plain ones of ~220; each far below 256 KiB.
    expect(bodies).toHaveLength(3);
    expect(plain.length).toBeGreaterThanOrEqual(13);
    for (const body of bodies) {
      expect(body.startsWith('gz1:')).toBe(true);
      expect(body.length).toBeLessThan(MAX_COMPRESSED_BODY_BYTES * 0.8);
    }
    const messages = bodies.map(read);
    expect(messages.map((message) => message.cdrs.length)).toEqual([1000, 1000, 1000]);
    expect(messages.flatMap((message) => message.cdrs)).toEqual(cdrs);
    expect(messages.map((message) => message.batchId)).toEqual(['z-0', 'z-1', 'z-2']);
    expect(MAX_CDRS_PER_MESSAGE).toBe(1000);
  });

  it('cuts at the body limit exactly: a body of the limit stays whole, one byte over halves', () => {
    // Prepare: incompressible raw documents, so only the encoded size can decide the cut.
    const cdrs: QueuedCdr[] = Array.from({ length: 40 }, (_, index) => ({
      kind: 'unparsed',
      error: { code: 'invalid_json', message: 'test' },
      raw: `${index}:${randomBytes(3_000).toString('base64')}`,
      source: 'http',
      receivedAtEpochMs: 1,
    }));
    const [whole = ''] = toCompressedMessages(batch, 'r', cdrs);
    const limited = (maxBodyBytes: number): MessageEncoding => ({
      encode: encodeCdrMessage,
      maxJsonBytes: 1024 * 1024,
      maxBodyBytes,
    });
    // Act
    const atLimit = toMessages(batch, 'r', cdrs, limited(whole.length));
    const overLimit = toMessages(batch, 'r', cdrs, limited(whole.length - 1));
    const tight = toMessages(batch, 'r', cdrs, limited(30_000));
    // Assess
    expect(atLimit).toEqual([whole]);
    expect(overLimit.map((body) => read(body).cdrs.length)).toEqual([20, 20]);
    expect(tight.length).toBeGreaterThan(4);
    for (const body of tight) expect(body.length).toBeLessThanOrEqual(30_000);
    expect(tight.flatMap((body) => read(body).cdrs)).toEqual(cdrs);
    expect(tight.map((body) => read(body).batchId)).toEqual(tight.map((_, n) => `r-${n}`));
  });

  it('reads a plain-JSON body as it is and refuses a marked body that is not gzip', () => {
    // Prepare
    const [plain = ''] = toMessages(batch, 'old', [edgeCall(0)]);
    // Act
    const decoded = decodeCdrMessage(plain);
    // Assess
    expect(plain.startsWith('{')).toBe(true);
    expect(decoded).toBe(plain);
    expect(read(plain).batchId).toBe('old-0');
    expect(() => decodeCdrMessage('gz1:bm90IGd6aXA=')).toThrow();
  });
});
