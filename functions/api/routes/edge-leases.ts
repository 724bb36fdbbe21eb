/**
 * The edge's credit-lease routes (issue 10, docs/leases.md): grant, top up, close, abandon, and
 * the list of its open leases. API key with the edge role; the edge's identity comes from its
 * key, never the body; a grant names an account of the edge's subtree (404 otherwise, as for
 * any account the caller cannot see). Every command is idempotent (see each route).
 */
import { z } from 'zod';
import { MAX_LEASE_TTL_SECONDS } from '../../../core/leases';
import { openLeasesOfEdge } from '../../shared/dynamo/lease-queries';
import type { LeaseResult, LeaseStore } from '../../shared/dynamo/lease-store';
import type { ApiDeps } from '../deps';
import { defineRoute, type RouteResponse } from '../http/route';
import { accountIdSchema, amountMicrosSchema } from '../schemas';
import {
  edgeIdOf,
  LEASE_REFUSALS,
  leaseAnswerSchema,
  leaseRefusal,
  leaseResponse,
  leaseSchema,
} from './lease-wire';

const leaseIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1 to 64 letters, digits, . _ : or -')
  .describe('Chosen by the edge (a UUID), so a retried grant is a replay');
const leaseParams = z.object({ leaseId: leaseIdSchema }).strict();
const edgeOnly = { roles: ['edge'] as const, access: 'write' as const };
const answered = { 200: { description: 'The lease as the cloud now holds it', schema: leaseAnswerSchema } };

export const grantLeaseRoute = defineRoute({
  method: 'POST',
  path: '/edge/leases',
  operationId: 'grantLease',
  summary: "Reserve money for this edge on an account and every reseller above it (a lease)",
  idempotency:
    'The same lease id with the same content answers the lease (200); other content is lease_exists.',
  access: edgeOnly,
  body: z
    .object({
      leaseId: leaseIdSchema,
      accountId: accountIdSchema,
      amountMicros: amountMicrosSchema,
      ttlSeconds: z.number().int().min(1).max(MAX_LEASE_TTL_SECONDS).optional(),
    })
    .strict(),
  targets: ({ body }) => [
    { accountId: body.accountId, relation: 'self_or_descendant', field: 'accountId' },
  ],
  responses: { 201: { description: 'Granted', schema: leaseAnswerSchema }, ...answered, ...LEASE_REFUSALS },
  handle: async ({ body, principal, deps }) => {
    const edgeId = edgeIdOf(principal!.actor);
    const leases = deps.cdrs.rater.leases;
    // A retried grant is answered whatever the account's standing since: the edge must learn
    // of a lease that holds money, or it could never close it.
    if (!(await leases.find(body.leaseId))) {
      const refusal = await standingRefusal(deps, body.accountId);
      if (refusal) return refusal;
    }
    return leaseResponse(await leases.grant({ ...body, edgeId }), true);
  },
});

/**
 * A suspended or closed account makes no calls (the edge refuses them), so money reserved for
 * it would only sit idle until the lease expired and was swept: refused, reserving nothing.
 */
async function standingRefusal(deps: ApiDeps, accountId: string): Promise<RouteResponse | undefined> {
  const status = (await deps.accounts.get(accountId))?.status;
  if (status !== 'suspended' && status !== 'closed') return undefined;
  return leaseRefusal(409, `account_${status}`, `account ${accountId} is ${status}`, 'accountId');
}

/** A command on one of the edge's own leases: the id in the path, the edge from the key. */
function leaseCommand<B extends z.ZodType>(command: {
  readonly verb: string;
  readonly operationId: string;
  readonly summary: string;
  readonly idempotency: string;
  readonly body: B;
  readonly run: (
    leases: LeaseStore,
    edgeId: string,
    leaseId: string,
    body: z.output<B>,
  ) => Promise<LeaseResult>;
}) {
  return defineRoute({
    method: 'POST',
    path: `/edge/leases/{leaseId}/${command.verb}`,
    operationId: command.operationId,
    summary: command.summary,
    idempotency: command.idempotency,
    access: edgeOnly,
    params: leaseParams,
    body: command.body,
    responses: { ...answered, ...LEASE_REFUSALS },
    handle: async ({ params, body, principal, deps }) => {
      const edgeId = edgeIdOf(principal!.actor);
      return leaseResponse(await command.run(deps.cdrs.rater.leases, edgeId, params.leaseId, body));
    },
  });
}

export const topUpLeaseRoute = leaseCommand({
  verb: 'top-up',
  operationId: 'topUpLease',
  summary: 'Reserve more on an active lease at every level (expiry unchanged)',
  idempotency: 'Keyed by topUpId: a repeat answers the lease unchanged.',
  body: z.object({ topUpId: leaseIdSchema, amountMicros: amountMicrosSchema }).strict(),
  run: (leases, edgeId, leaseId, body) => leases.topUp(edgeId, leaseId, body),
});

export const closeLeaseRoute = leaseCommand({
  verb: 'close',
  operationId: 'closeLease',
  summary: 'Return a lease: its unused part comes back once callCount CDRs are settled',
  idempotency: 'The same callCount again answers the lease; another count is lease_not_active.',
  body: z
    .object({ callCount: z.number().int().min(0).describe('A-leg CDRs spooled under the lease') })
    .strict(),
  run: (leases, edgeId, leaseId, body) => leases.close(edgeId, leaseId, body.callCount),
});

export const abandonLeaseRoute = leaseCommand({
  verb: 'abandon',
  operationId: 'abandonLease',
  summary: 'Give up a lease after an unclean restart; drained once the spool shipped its CDRs',
  idempotency: 'A repeat answers the lease; drained never goes back to false.',
  body: z.object({ drained: z.boolean() }).strict(),
  run: (leases, edgeId, leaseId, body) => leases.abandon(edgeId, leaseId, body.drained),
});

export const listEdgeLeasesRoute = defineRoute({
  method: 'GET',
  path: '/edge/leases',
  operationId: 'listEdgeLeases',
  summary: "This edge's leases that still hold money (active, closing, abandoned)",
  idempotency: 'Read-only; from an index (a lease granted a moment ago may show a moment later).',
  access: { roles: ['edge'], access: 'read' },
  responses: {
    200: {
      description: 'The open leases',
      schema: z.object({ leases: z.array(leaseSchema) }).strict().meta({ id: 'EdgeLeases' }),
    },
  },
  handle: async ({ principal, deps }) => {
    const { documents, ledgerTable } = deps.cdrs.rater.leases.deps;
    const leases = await openLeasesOfEdge(documents, ledgerTable, edgeIdOf(principal!.actor));
    return { status: 200, body: { leases } };
  },
});

export const edgeLeaseRoutes = [
  grantLeaseRoute,
  topUpLeaseRoute,
  closeLeaseRoute,
  abandonLeaseRoute,
  listEdgeLeasesRoute,
];
