/**
 * Leases as operators see them (issue 10): an account's leases that hold money with what they
 * hold in total and per edge, its late settlements (CDRs settled after a lease returned its
 * money, or naming a lease the account never had: charged all the same), and the write-off —
 * the one documented way around the lease invariant, admin only, audited in the same write.
 */
import { z } from 'zod';
import { MAX_WRITE_OFF_REASON_LENGTH, outstandingMicros, type Lease } from '../../../core/leases';
import {
  leasesOfAccount,
  unknownLeasesOfAccount,
} from '../../shared/dynamo/lease-queries';
import { defineRoute } from '../http/route';
import { accountParams } from '../schemas';
import { pathAccountTarget, TREE_READERS } from './access';
import { LEASE_REFUSALS, leaseAnswerSchema, leaseResponse, leaseSchema } from './lease-wire';

const micros = z.number().int();
/** The account's tree readers and the customer itself, on the account in the path. */
const accountRead = {
  method: 'GET',
  idempotency: 'Read-only; a consistent read.',
  access: { roles: [...TREE_READERS, 'customer'], access: 'read' },
  params: accountParams,
} as const;

export const listAccountLeasesRoute = defineRoute({
  ...accountRead,
  path: '/accounts/{accountId}/leases',
  operationId: 'listAccountLeases',
  summary: "An account's leases that hold money, with the outstanding total and per edge",
  targets: ({ params }) => pathAccountTarget(params),
  responses: {
    200: {
      description: "Outstanding at the account's own level, in its currency",
      schema: z
        .object({
          leases: z.array(leaseSchema),
          outstandingMicros: micros,
          byEdge: z.array(z.object({ edgeId: z.string(), outstandingMicros: micros }).strict()),
        })
        .strict()
        .meta({ id: 'AccountLeases' }),
    },
  },
  handle: async ({ params, deps }) => {
    const { documents, ledgerTable } = deps.cdrs.rater.leases.deps;
    const leases = await leasesOfAccount(documents, ledgerTable, params.accountId, 'holding');
    const byEdge = new Map<string, number>();
    for (const lease of leases) byEdge.set(lease.edgeId, (byEdge.get(lease.edgeId) ?? 0) + heldBy(lease));
    const outstanding = [...byEdge.values()].reduce((sum, value) => sum + value, 0);
    return {
      status: 200,
      body: {
        leases,
        outstandingMicros: outstanding,
        byEdge: [...byEdge].sort().map(([edgeId, outstandingMicros]) => ({ edgeId, outstandingMicros })),
      },
    };
  },
});

/** What the lease still holds at the customer's own level (the first). */
function heldBy(lease: Lease): number {
  const level = lease.levels[0];
  return level ? outstandingMicros(lease, level) : 0;
}

export const lateSettlementsRoute = defineRoute({
  ...accountRead,
  path: '/accounts/{accountId}/leases/late-settlements',
  operationId: 'listLateSettlements',
  summary: 'CDRs charged after their lease returned its money, or under a lease the account never had',
  targets: ({ params }) => pathAccountTarget(params),
  responses: {
    200: {
      description: 'Leases with late settlements, and unknown lease ids with their calls',
      schema: z
        .object({
          leases: z.array(leaseSchema),
          unknownLeases: z.array(
            z
              .object({
                leaseId: z.string(),
                accountId: z.string(),
                calls: z.number().int(),
                chargedMicros: micros,
                lastAtEpochMs: micros,
              })
              .strict(),
          ),
        })
        .strict()
        .meta({ id: 'LateSettlements' }),
    },
  },
  handle: async ({ params, deps }) => {
    const { documents, ledgerTable } = deps.cdrs.rater.leases.deps;
    const [leases, unknownLeases] = await Promise.all([
      leasesOfAccount(documents, ledgerTable, params.accountId, 'late'),
      unknownLeasesOfAccount(documents, ledgerTable, params.accountId),
    ]);
    return { status: 200, body: { leases, unknownLeases } };
  },
});

export const writeOffLeaseRoute = defineRoute({
  method: 'POST',
  path: '/accounts/{accountId}/leases/{leaseId}/write-off',
  operationId: 'writeOffLease',
  summary: "Return a lease's unused money at once, with a reason (audited)",
  idempotency: 'A second write-off is lease_not_active: the lease is written off once.',
  access: { roles: ['admin'], access: 'write' },
  params: z
    .object({ accountId: accountParams.shape.accountId, leaseId: z.string().min(1).max(64) })
    .strict(),
  body: z.object({ reason: z.string().trim().min(1).max(MAX_WRITE_OFF_REASON_LENGTH) }).strict(),
  targets: ({ params }) => pathAccountTarget(params),
  responses: { 200: { description: 'Written off', schema: leaseAnswerSchema }, ...LEASE_REFUSALS },
  handle: async ({ params, body, principal, requestId, deps }) => {
    const audit = { reason: body.reason, actor: principal!.actor, auditId: requestId };
    const result = await deps.cdrs.rater.leases.writeOff(params.accountId, params.leaseId, audit);
    return leaseResponse(result);
  },
});

export const accountLeaseRoutes = [listAccountLeasesRoute, lateSettlementsRoute, writeOffLeaseRoute];
