/**
 * The calls the CDR reading tests search, export and summarize: answered and failed London
 * calls of customers across the demo tree (c1, c2 under r1; c3 under r1 → r1a; c4 under r2),
 * a call to another number, a different caller, and one CDR no account claims (unrated).
 * Posted through the real edge route, rated in-process.
 */
import type { TestApi } from '../support/api';
import { londonCall, type ParsedEdgeCdr } from '../support/london-call';

/** Calls answered a minute apart from this instant on (inside one known window). */
export function readingCalls(startEpochMs: number): ParsedEdgeCdr[] {
  const at = (minute: number) => startEpochMs + minute * 60_000;
  const failed = { answeredAtEpochMs: null, billsec: 0, billmsec: 0, hangupCause: 'NO_ANSWER' };
  return [
    londonCall({ account: 'c1', answeredAtEpochMs: at(0) }),
    londonCall({ account: 'c1', answeredAtEpochMs: at(1), billsec: 125 }),
    londonCall({ account: 'c1', answeredAtEpochMs: at(2), cdr: { ...failed } }),
    londonCall({ account: 'c1', answeredAtEpochMs: at(3), cdr: { callee: '33612345678' } }),
    londonCall({ account: 'c2', answeredAtEpochMs: at(4), cdr: { caller: '15559990000' } }),
    londonCall({ account: 'c3', answeredAtEpochMs: at(5) }),
    londonCall({ account: 'c4', answeredAtEpochMs: at(6) }),
    londonCall({ account: 'c4', answeredAtEpochMs: at(7), cdr: { ...failed } }),
    londonCall({ account: 'nobody', answeredAtEpochMs: at(8) }),
  ];
}

export async function postCalls(api: TestApi, cdrs: readonly ParsedEdgeCdr[]): Promise<void> {
  const response = await api.request('POST', '/edge/cdrs', {
    apiKey: api.seed.edgeApiKey,
    body: { cdrs },
  });
  if (response.status !== 202) throw new Error(`edge/cdrs: ${response.status} ${response.text}`);
}

export const uuidOf = (cdr: ParsedEdgeCdr) => cdr.cdr.uuid;
