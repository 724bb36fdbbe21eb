import { z } from 'zod';
import { defineRoute } from '../http/route';

export const healthRoute = defineRoute({
  method: 'GET',
  path: '/health',
  operationId: 'getHealth',
  summary: 'Liveness: the function answers (no dependency is called)',
  idempotency: 'Read-only.',
  access: 'public',
  responses: {
    200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }).strict() },
  },
  handle: async () => ({ status: 200, body: { status: 'ok' } }),
});
