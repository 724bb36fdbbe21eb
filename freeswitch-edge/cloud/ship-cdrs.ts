/**
 * Ships spooled CDRs to the cloud: `POST {cloudUrl}/edge/cdrs` with the edge's API key and
 * `{"cdrs": EdgeCdr[]}` (core/cdr/edge-cdr.ts). Only a 2xx counts as accepted; anything else,
 * a timeout or a network error is a failure the sender retries with backoff.
 */
import type { ShipOutcome } from '../spool/sender';
import type { SpooledRecord } from '../spool/spool';

export interface CloudTarget {
  readonly cloudUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
}

export function cdrShipper(target: CloudTarget): (batch: readonly SpooledRecord[]) => Promise<ShipOutcome> {
  const url = new URL('edge/cdrs', target.cloudUrl.endsWith('/') ? target.cloudUrl : `${target.cloudUrl}/`);
  return async (batch) => {
    // The spool holds each EdgeCdr as JSON already: join them without re-parsing.
    const body = `{"cdrs":[${batch.map((record) => record.payload.toString('utf8')).join(',')}]}`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': target.apiKey },
        body,
        signal: AbortSignal.timeout(target.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? { ok: true } : { ok: false, reason: `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  };
}
