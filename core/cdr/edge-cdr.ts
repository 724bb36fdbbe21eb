/**
 * What an edge ships to the cloud for each CDR FreeSWITCH handed it (the spool's record and the
 * `POST /edge/cdrs` batch item): the normalized CDR when it parsed, or the raw document with the
 * reason when it did not — so even an unreadable CDR reaches the cloud's unrated store.
 * Nothing FreeSWITCH gave us is dropped.
 */
import type { FsErrorCode } from '../freeswitch/result';
import type { NormalizedCdr } from '../freeswitch/normalized-cdr';

/** Where the edge got the document: FreeSWITCH's POST, or a file left in its `err-log-dir`. */
export type EdgeCdrSource = 'http' | 'err_log_dir';

export type EdgeCdr =
  | {
      readonly kind: 'parsed';
      readonly cdr: NormalizedCdr;
      readonly source: EdgeCdrSource;
      readonly receivedAtEpochMs: number;
    }
  | {
      readonly kind: 'unparsed';
      readonly error: { readonly code: FsErrorCode; readonly message: string };
      /** The document exactly as received (bounded by the parser's document size limit). */
      readonly raw: string;
      readonly source: EdgeCdrSource;
      readonly receivedAtEpochMs: number;
    };
