/**
 * A one-minute call to London (442071234567) of a demo customer, as the edge ships it, answered
 * now by default — after the seed published the demo decks — so the customer and its resellers
 * are all charged. Shared by the CDR pipeline tests and the pipeline benchmark.
 */
import { randomUUID } from 'node:crypto';
import type { EdgeCdr } from '../../core/cdr/edge-cdr';
import type { NormalizedCdr } from '../../core/freeswitch/normalized-cdr';

export interface LondonCallOptions {
  readonly account?: string;
  readonly billsec?: number;
  readonly answeredAtEpochMs?: number;
  /** Other CDR facts, e.g. a digest-authenticated caller instead of the edge's account. */
  readonly cdr?: Partial<NormalizedCdr>;
}

export type ParsedEdgeCdr = Extract<EdgeCdr, { kind: 'parsed' }>;

export function londonCall(options: LondonCallOptions = {}): ParsedEdgeCdr {
  const uuid = randomUUID();
  const answeredAtEpochMs = options.answeredAtEpochMs ?? Date.now();
  // The call lasts as long as it bills: the rater refuses times that cannot be true.
  const billsec = options.billsec ?? 60;
  return {
    kind: 'parsed',
    source: 'http',
    receivedAtEpochMs: answeredAtEpochMs,
    cdr: {
      uuid,
      callUuid: uuid,
      leg: 'a',
      direction: 'inbound',
      caller: '15551230001',
      callee: '442071234567',
      context: 'public',
      accountCode: null,
      authUser: null,
      authRealm: null,
      callerSipUser: null,
      callerSipDomain: null,
      sourceIp: '192.168.56.1',
      startedAtEpochMs: answeredAtEpochMs - 2_000,
      answeredAtEpochMs,
      endedAtEpochMs: answeredAtEpochMs + billsec * 1000,
      billsec,
      billmsec: billsec * 1000,
      hangupCause: 'NORMAL_CLEARING',
      hangupCauseQ850: 16,
      gateway: null,
      otherLegUuid: null,
      tollgate: { account: options.account ?? 'c1' },
      ...options.cdr,
    },
  };
}
