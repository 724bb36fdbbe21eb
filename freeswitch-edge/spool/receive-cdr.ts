/**
 * FreeSWITCH's CDR POST (mod_json_cdr / mod_xml_cdr) on the edge: parse with the core parser,
 * append to the spool, fsync, and only then answer 200 — whatever we acknowledge, we own.
 *
 * A body that cannot be parsed is still spooled (raw, with the reason) and acknowledged, so it
 * reaches the cloud's unrated store: never a 5xx for a bad body. Only a spool that cannot take
 * the record (full, or a disk error) answers 503, so FreeSWITCH retries and, failing that,
 * keeps the CDR in its err-log-dir — which the edge picks up on its next start.
 */
import type { EdgeCdr, EdgeCdrSource } from '../../core/cdr/edge-cdr';
import { readCdrFile } from '../../core/freeswitch/cdr-file';
import type { SpoolPosition } from './cursor';
import type { AppendResult, CdrSpool } from './spool';

export interface CdrReceipt {
  readonly status: 200 | 503;
  readonly spooled: number;
  /** Every CDR of the body parsed (a body with a bad line among good ones: false). */
  readonly parsed: boolean;
  readonly reason: string | null;
  /** Uuids of the A-legs received (their calls' channels are free again). */
  readonly aLegUuids: readonly string[];
  /** The A-legs with what their lease needs: the call's cost and where it sits in the spool. */
  readonly aLegs: readonly EndedCall[];
}

export interface EndedCall {
  readonly uuid: string;
  /** `tollgate_lease` of the call, or null for calls the edge did not authorize. */
  readonly lease: string | null;
  readonly billsec: number;
  readonly billmsec: number;
  readonly hangupCause: string;
  /** Where the CDR ends in the spool; null when the spool did not take it. */
  readonly position: SpoolPosition | null;
}

/**
 * Turns one document (possibly several CDRs, one per line or in an array) into spool records,
 * one per CDR: a bad line is spooled raw with its reason and the good CDRs beside it as parsed,
 * so one cut line of an err-log-dir file does not hold the others back from rating.
 */
export function edgeCdrsFromDocument(body: string, source: EdgeCdrSource, receivedAtEpochMs: number): EdgeCdr[] {
  return readCdrFile(body).map((entry): EdgeCdr => {
    if (entry.ok) return { kind: 'parsed', cdr: entry.value, source, receivedAtEpochMs };
    const message = entry.at === null ? entry.message : `${entry.at}: ${entry.message}`;
    return { kind: 'unparsed', error: { code: entry.code, message }, raw: entry.raw, source, receivedAtEpochMs };
  });
}

export async function receiveCdr(
  spool: CdrSpool,
  body: string,
  source: EdgeCdrSource,
  receivedAtEpochMs: number,
): Promise<CdrReceipt> {
  const records = edgeCdrsFromDocument(body, source, receivedAtEpochMs);
  const results: AppendResult[] = await Promise.all(
    records.map((record) => spool.append(Buffer.from(JSON.stringify(record)))),
  );
  const refused = results.find((result) => !result.ok);
  // A body is parsed when every CDR in it was; the reason is the first one that was not.
  const unparsed = records.find((record) => record.kind === 'unparsed');
  return {
    status: refused === undefined ? 200 : 503,
    spooled: results.filter((result) => result.ok).length,
    parsed: unparsed === undefined,
    reason: refused !== undefined && !refused.ok ? refused.message : unparsed?.kind === 'unparsed' ? unparsed.error.code : null,
    aLegUuids: records.flatMap((record) => (record.kind === 'parsed' && record.cdr.leg === 'a' ? [record.cdr.uuid] : [])),
    aLegs: records.flatMap((record, i) => {
      if (record.kind !== 'parsed' || record.cdr.leg !== 'a') return [];
      const { uuid, billsec, billmsec, hangupCause, tollgate } = record.cdr;
      const result = results[i];
      const position = result?.ok === true ? result.position : null;
      return [{ uuid, lease: tollgate?.lease ?? null, billsec, billmsec, hangupCause, position }];
    }),
  };
}
