import { z } from 'zod';
import { defineRoute } from '../http/route';

const response = z
  .object({ actor: z.string(), accountId: z.string() })
  .strict()
  .meta({ id: 'EdgeIdentity' });

export const edgeWhoamiRoute = defineRoute({
  method: 'GET',
  path: '/edge/whoami',
  operationId: 'getEdgeIdentity',
  summary: 'The identity behind an edge API key (edges check their key with it)',
  idempotency: 'Read-only.',
  access: { roles: ['edge'], access: 'read' },
  responses: { 200: { description: 'The edge', schema: response } },
  handle: async ({ principal }) => ({
    status: 200,
    body: { actor: principal!.actor, accountId: principal!.accountId },
  }),
});
