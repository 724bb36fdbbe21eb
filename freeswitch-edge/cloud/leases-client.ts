/**
 * The edge's side of the credit-lease routes (`/edge/leases…`, API key with the edge role; the
 * cloud takes the edge's identity from the key, never from the body). Every call resolves to a
 * typed outcome: `granted` with the lease as the cloud now holds it, `refused` with the cloud's
 * code (a 4xx: retrying the same request will not help), or `unreachable` (network error,
 * timeout, 5xx: worth retrying later). Micros travel as integers.
 */
import { z } from 'zod';
import type { Lease } from '../../core/leases';

const micros = z.number().int();

/** The fields of the wire `Lease` the edge reads; the others are kept by the cloud only. */
export const wireLeaseSchema = z.looseObject({
  leaseId: z.string().min(1),
  accountId: z.string().min(1),
  state: z.string(),
  expiresAtEpochMs: z.number().int(),
  drained: z.boolean().optional(),
  levels: z
    .array(
      z.looseObject({
        accountId: z.string().min(1),
        currency: z.string(),
        reservedMicros: micros,
        consumedMicros: micros,
      }),
    )
    .min(1),
});

/** The wire `Lease` is the model's (contract): checked for what the edge reads, typed as it. */
export type WireLease = Lease;

export type LeaseCallOutcome =
  | { readonly ok: true; readonly lease: WireLease }
  | { readonly ok: false; readonly kind: 'refused'; readonly status: number; readonly code: string; readonly accountId?: string }
  | { readonly ok: false; readonly kind: 'unreachable'; readonly reason: string };

export interface LeaseGrantRequest {
  readonly leaseId: string;
  readonly accountId: string;
  readonly amountMicros: number;
  readonly ttlSeconds?: number;
}

/** The port the lease manager talks through (tests give it a fake). */
export interface LeasesCloud {
  grant(request: LeaseGrantRequest): Promise<LeaseCallOutcome>;
  topUp(leaseId: string, topUpId: string, amountMicros: number): Promise<LeaseCallOutcome>;
  close(leaseId: string, callCount: number): Promise<LeaseCallOutcome>;
  abandon(leaseId: string, drained: boolean): Promise<LeaseCallOutcome>;
  /** This edge's leases the cloud still holds money for (not closed nor released). */
  list(): Promise<LeaseListOutcome>;
}

export type LeaseListOutcome =
  | { readonly ok: true; readonly leases: readonly WireLease[] }
  | Exclude<LeaseCallOutcome, { ok: true }>;

export interface LeasesTarget {
  readonly cloudUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
}

export function leasesClient(target: LeasesTarget): LeasesCloud {
  const base = target.cloudUrl.endsWith('/') ? target.cloudUrl : `${target.cloudUrl}/`;
  const post = (path: string, body: unknown) => postJson(new URL(path, base), body, target);
  const id = encodeURIComponent;
  return {
    grant: (request) => post('edge/leases', request),
    topUp: (leaseId, topUpId, amountMicros) => post(`edge/leases/${id(leaseId)}/top-up`, { topUpId, amountMicros }),
    close: (leaseId, callCount) => post(`edge/leases/${id(leaseId)}/close`, { callCount }),
    abandon: (leaseId, drained) => post(`edge/leases/${id(leaseId)}/abandon`, { drained }),
    list: async () => {
      const outcome = await request(new URL('edge/leases', base), { method: 'GET' }, target);
      if (!outcome.ok) return outcome;
      const leases = z.object({ leases: z.array(wireLeaseSchema) }).safeParse(outcome.json);
      if (!leases.success) return unreadable(outcome.status);
      return { ok: true, leases: leases.data.leases as unknown as Lease[] };
    },
  };
}

function postJson(url: URL, body: unknown, target: LeasesTarget): Promise<LeaseCallOutcome> {
  const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return request(url, init, target).then((outcome) => {
    if (!outcome.ok) return outcome;
    const lease = wireLeaseSchema.safeParse((outcome.json as { lease?: unknown } | null)?.lease);
    return lease.success ? { ok: true, lease: lease.data as unknown as Lease } : unreadable(outcome.status);
  });
}

type Answered = { readonly ok: true; readonly status: number; readonly json: unknown } | Exclude<LeaseCallOutcome, { ok: true }>;

/** 2xx → its JSON; 4xx → `refused` with the cloud's code; anything else → `unreachable`. */
async function request(url: URL, init: RequestInit, target: LeasesTarget): Promise<Answered> {
  let response: Response;
  let text: string;
  try {
    const headers = { ...(init.headers as Record<string, string>), 'x-api-key': target.apiKey };
    response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(target.timeoutMs) });
    text = await response.text();
  } catch (error) {
    return { ok: false, kind: 'unreachable', reason: (error as Error).message };
  }
  if (response.status >= 500) return { ok: false, kind: 'unreachable', reason: `HTTP ${response.status}` };
  const json = parseJson(text);
  if (response.ok) return { ok: true, status: response.status, json };
  const { code, accountId } = (json ?? {}) as { code?: unknown; accountId?: unknown };
  return {
    ok: false,
    kind: 'refused',
    status: response.status,
    code: typeof code === 'string' ? code : `http_${response.status}`,
    ...(typeof accountId === 'string' ? { accountId } : {}),
  };
}

function unreadable(status: number): Exclude<LeaseCallOutcome, { ok: true }> {
  return { ok: false, kind: 'unreachable', reason: `HTTP ${status}: not the lease answer` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
