/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the pipeline enforces, so the
 * document cannot promise what the code does not check.
 */
import { z } from 'zod';
import { errorSchema } from './errors';
import { IDEMPOTENCY_HEADER } from './idempotency';
import type { AnyRoute } from './route';

type JsonObject = Record<string, unknown>;

const ERROR_STATUSES: Readonly<Record<string, string>> = {
  400: 'Bad input; `field` names it',
  401: 'Missing, expired or invalid credentials',
  403: 'The role may not use this route',
  404: 'No such account (or not in your subtree)',
  409: 'Idempotency-Key reused with different content',
  422: 'Refused by a business rule (e.g. insufficient_funds)',
  429: 'Too many failed logins',
  500: 'Unexpected; the body carries a request id',
};

export function openApiDocument(routes: readonly AnyRoute[]): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate API',
      version: '0.1.0',
      description: 'Amounts are integer micros (1.00 = 1000000).',
    },
    paths,
    components: {
      schemas: { Error: schema(errorSchema, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
    },
  };
}

function operation(route: AnyRoute): JsonObject {
  const responses: JsonObject = {};
  for (const [status, declared] of Object.entries(route.responses)) {
    responses[status] = {
      description: declared.description,
      content: json(schema(declared.schema, 'output')),
    };
  }
  for (const [status, description] of Object.entries(ERROR_STATUSES)) {
    responses[status] ??= { description, content: json({ $ref: '#/components/schemas/Error' }) };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `Idempotency: ${route.idempotency}`,
    ...(route.access === 'public'
      ? { security: [] }
      : { security: route.access.roles.includes('edge') ? [{ apiKey: [] }] : [{ bearer: [] }] }),
    ...(route.access !== 'public'
      ? { 'x-roles': route.access.roles, 'x-access': route.access.access }
      : {}),
    parameters: parameters(route),
    ...(route.body
      ? { requestBody: { required: true, content: json(schema(route.body, 'input')) } }
      : {}),
    responses,
  };
}

function parameters(route: AnyRoute): JsonObject[] {
  const list: JsonObject[] = [];
  for (const [where, part] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    const properties = part ? (schema(part, 'input').properties as Record<string, JsonObject>) : {};
    const required = part ? ((schema(part, 'input').required as string[] | undefined) ?? []) : [];
    for (const [name, property] of Object.entries(properties ?? {})) {
      list.push({
        name,
        in: where,
        required: where === 'path' || required.includes(name),
        schema: property,
      });
    }
  }
  if (route.requiresIdempotencyKey) {
    list.push({
      name: IDEMPOTENCY_HEADER,
      in: 'header',
      required: true,
      schema: { type: 'string', maxLength: 128 },
    });
  }
  return list;
}

function schema(type: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest as JsonObject;
}

function json(body: JsonObject): JsonObject {
  return { 'application/json': { schema: body } };
}
