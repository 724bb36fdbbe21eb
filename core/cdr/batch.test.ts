// Proves the batch contract: an edge batch is cut into queue messages within the CDR and byte limits, in order, each one a valid message with its own batch id, and nothing is lost.
import { describe, expect, it } from 'vitest';
import { cdrMessageSchema, MAX_CDRS_PER_MESSAGE, MAX_MESSAGE_BYTES, toMessages } from './batch';
import type { EdgeCdr } from './edge-cdr';

function unparsed(index: number, rawBytes: number): EdgeCdr {
  return {
    kind: 'unparsed',
    error: { code: 'invalid_json', message: 'test' },
    raw: `${index}:`.padEnd(rawBytes, 'x'),
    source: 'http',
    receivedAtEpochMs: 1,
  };
}

describe('toMessages', () => {
  it('cuts by CDR count and by bytes, keeping order and every CDR', () => {
    // Prepare: 1,200 small CDRs, then 30 CDRs of 20 KB.
    const small = Array.from({ length: 1_200 }, (_, i) => unparsed(i, 10));
    const large = Array.from({ length: 30 }, (_, i) => unparsed(i, 20_000));
    const batch = { actor: 'edge:e1', trustCallerSipUser: false };
    // Act
    const bySize = toMessages(batch, 'r1', small);
    const byBytes = toMessages(batch, 'r2', large);
    // Assess
    expect(bySize).toHaveLength(Math.ceil(1_200 / MAX_CDRS_PER_MESSAGE));
    for (const body of byBytes) expect(body.length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES + 200);
    const parsed = [...bySize, ...byBytes].map((body) => cdrMessageSchema.parse(JSON.parse(body)));
    expect(new Set(parsed.map((message) => message.batchId)).size).toBe(parsed.length);
    const raws = parsed.flatMap((message) =>
      message.cdrs.map((cdr) => (cdr.kind === 'unparsed' ? (cdr.raw ?? '').split(':')[0] : '')),
    );
    expect(raws).toEqual([...small, ...large].map((_, i) => String(i < 1_200 ? i : i - 1_200)));
  });
});
