/**
 * The credit lease on the wire (the model's fields, micros as integers) and how a lease command's
 * answer becomes HTTP. A refusal carries the house error envelope and, beside it, the pinned
 * lease contract's flat fields (`code`, `field`, `accountId` of the level short of funds), which
 * the edge reads: 402 insufficient funds, 403 another edge's lease, 404 no such lease, 409 a
 * lease in another state or with other content, 400 a bad value.
 */
import { z } from 'zod';
import { LEASE_STATES, type Lease } from '../../../core/leases';
import type { LeaseResult } from '../../shared/dynamo/lease-store';
import type { RouteResponse } from '../http/route';

const micros = z.number().int();

export const leaseSchema = z
  .object({
    leaseId: z.string(),
    accountId: z.string(),
    edgeId: z.string(),
    levels: z.array(
      z
        .object({
          accountId: z.string(),
          currency: z.string(),
          reservedMicros: micros,
          consumedMicros: micros,
        })
        .strict(),
    ),
    grantedMicros: micros,
    grantedAtEpochMs: micros,
    expiresAtEpochMs: micros,
    state: z.enum(LEASE_STATES),
    expectedCalls: z.number().int().nullable(),
    settledCalls: z.number().int(),
    lateSettlements: z.number().int(),
    drained: z.boolean(),
    topUps: z.array(z.object({ topUpId: z.string(), amountMicros: micros }).strict()),
    writeOff: z
      .object({ reason: z.string(), actor: z.string(), atEpochMs: micros })
      .strict()
      .nullable(),
    version: z.number().int(),
  })
  .strict()
  .meta({ id: 'Lease' });

/** The wire names exactly the model's fields: a field added to `Lease` fails to compile here. */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
export const WIRE_IS_MODEL: SameKeys<z.output<typeof leaseSchema>, Lease> = true;

export const leaseAnswerSchema = z.object({ lease: leaseSchema }).strict().meta({ id: 'LeaseAnswer' });

const leaseRefusalSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    field: z.string().nullable(),
    accountId: z.string().optional(),
    error: z.object({ code: z.string(), message: z.string(), field: z.string().nullable() }).strict(),
  })
  .strict()
  .meta({ id: 'LeaseRefusal' });

export const LEASE_REFUSALS = {
  400: { description: 'A bad value (`field` names it)', schema: leaseRefusalSchema },
  402: { description: '`insufficient_funds`: `accountId` names the level', schema: leaseRefusalSchema },
  403: { description: '`wrong_edge`: the lease belongs to another edge', schema: leaseRefusalSchema },
  404: { description: '`lease_not_found` / `account_not_found`', schema: leaseRefusalSchema },
  409: {
    description: 'The lease is in another state, or exists with other content',
    schema: leaseRefusalSchema,
  },
} as const;

const STATUS: Readonly<Record<string, number>> = {
  insufficient_funds: 402,
  wrong_edge: 403,
  lease_not_found: 404,
  account_not_found: 404,
  invalid_amount: 400,
  invalid_ttl: 400,
  invalid_call_count: 400,
  invalid_reason: 400,
};

/** `created` answers 201 for a new lease, 200 for a replay or any other command. */
export function leaseResponse(result: LeaseResult, created = false): RouteResponse {
  if (result.ok) {
    return { status: created && !result.replayed ? 201 : 200, body: { lease: result.lease } };
  }
  const field = 'field' in result && result.field !== undefined ? result.field : null;
  return leaseRefusal(STATUS[result.code] ?? 409, result.code, result.message, field, result.accountId);
}

/** A refusal in the lease contract's shape: the flat fields beside the house envelope. */
export function leaseRefusal(
  status: number,
  code: string,
  message: string,
  field: string | null,
  accountId?: string,
): RouteResponse {
  const body = {
    code,
    message,
    field,
    ...(accountId !== undefined ? { accountId } : {}),
    error: { code, message, field },
  };
  return { status, body };
}

/** The edge's identity is its API key's id (`edge:<key id>`), never the body. */
export function edgeIdOf(actor: string): string {
  return actor.startsWith('edge:') ? actor.slice('edge:'.length) : actor;
}
