/**
 * One request through the API, in the order the guard's contract needs: route → who (401) →
 * role (403) → input (400) → accounts in the subtree (404) → handler → response checked
 * against its schema. Nothing is written before every check has passed.
 */
import { z } from 'zod';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AccountRecord } from '../../../core/auth/directory';
import { canReach, checkRole } from '../../../core/auth/guard';
import type { Principal } from '../../../core/auth/roles';
import type { ApiDeps } from '../deps';
import { authenticate } from './authenticate';
import { accountNotFound, forbidden } from './errors';
import { idempotencyKeyOf } from './idempotency';
import { parseJsonBody, readRequest, type HttpRequest } from './request';
import type { AnyRoute, RouteResponse } from './route';
import { createRouter } from './router';
import { parseInput } from './validation';

export function createDispatcher(routes: readonly AnyRoute[], deps: ApiDeps) {
  const route = createRouter(routes);
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const request = readRequest(event);
    const match = route(request.method, request.path);
    const principal = await authorize(match.route, request, deps);
    const params = parseInput(match.route.params ?? noParameters, match.params, 'path');
    const query = parseInput(match.route.query ?? noParameters, request.query, 'query');
    const body = match.route.body
      ? parseInput(match.route.body, parseJsonBody(request.bodyText), 'body')
      : undefined;
    const idempotencyKey = match.route.requiresIdempotencyKey
      ? idempotencyKeyOf(request)
      : undefined;
    const accounts = await resolveTargets(match.route, principal, { params, body }, deps);
    const response = await match.route.handle({
      params,
      query,
      body,
      principal,
      idempotencyKey,
      accounts,
      deps,
      routes,
      requestId: request.requestId,
      sourceIp: request.sourceIp,
      headers: request.headers,
    });
    return toResult(match.route, response, request.requestId);
  };
}

/** A route without a schema for its path or query accepts no parameters there. */
const noParameters = z.object({}).strict();

async function authorize(
  route: AnyRoute,
  request: HttpRequest,
  deps: ApiDeps,
): Promise<Principal | undefined> {
  if (route.access === 'public') return undefined;
  const principal = await authenticate(request, deps);
  if (checkRole(principal, route.access) !== 'allow') throw forbidden();
  return principal;
}

async function resolveTargets(
  route: AnyRoute,
  principal: Principal | undefined,
  input: { params: unknown; body: unknown },
  deps: ApiDeps,
): Promise<ReadonlyMap<string, AccountRecord>> {
  const accounts = new Map<string, AccountRecord>();
  for (const target of route.targets?.(input) ?? []) {
    const account = await deps.directory.getAccount(target.accountId);
    // Missing and out-of-subtree answer the same 404, so ids outside the subtree stay unknown.
    if (!account || !principal || !canReach(principal, account.path, target.relation)) {
      throw accountNotFound(target.field);
    }
    accounts.set(account.accountId, account);
  }
  return accounts;
}

function toResult(
  route: AnyRoute,
  response: RouteResponse,
  requestId: string,
): APIGatewayProxyStructuredResultV2 {
  const declared = route.responses[response.status];
  if (!declared)
    throw new Error(`${route.operationId} answered undeclared status ${response.status}`);
  // Strict response schemas: a field the schema does not know (a leak) is a bug, not a response.
  const body = declared.schema.parse(response.body);
  // 304 Not Modified has no body (RFC 9110); its headers (ETag) are the answer.
  if (response.status === 304) {
    const result = jsonResult(304, null, requestId, response.headers);
    return { ...result, body: '' };
  }
  return jsonResult(response.status, body, requestId, response.headers);
}

export function jsonResult(
  status: number,
  body: unknown,
  requestId: string,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      'cache-control': 'no-store',
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

