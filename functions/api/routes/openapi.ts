import { z } from 'zod';
import { defineRoute } from '../http/route';
import { openApiDocument } from '../http/openapi';

export const openApiRoute = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  summary: "This document (OpenAPI 3.1), generated from the routes' zod schemas",
  idempotency: 'Read-only.',
  access: 'public',
  responses: { 200: { description: 'The document', schema: z.record(z.string(), z.unknown()) } },
  handle: async ({ routes }) => ({ status: 200, body: openApiDocument(routes) }),
});
