/**
 * An API Gateway HTTP API (payload 2.0) event, reduced to what routes need.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiError } from './errors';

/** Requests carry small JSON documents; 64 KB is far above any valid one. */
export const MAX_BODY_BYTES = 64 * 1024;
/**
 * Batch routes take larger bodies: an edge ships up to 2 MB of CDRs per request, imports carry
 * raw FreeSWITCH documents. 4 MB stays below Lambda's 6 MB synchronous payload.
 */
export const MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024;
export const BATCH_BODY_PATHS: ReadonlySet<string> = new Set(['/edge/cdrs', '/cdrs/import']);

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly bodyText: string | undefined;
  readonly requestId: string;
  readonly sourceIp: string;
}

export function readRequest(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = value;
  }
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    headers,
    query,
    bodyText: decodeBody(event),
    requestId: event.requestContext.requestId,
    sourceIp: event.requestContext.http.sourceIp,
  };
}

function decodeBody(event: APIGatewayProxyEventV2): string | undefined {
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  const limit = BATCH_BODY_PATHS.has(event.rawPath) ? MAX_BATCH_BODY_BYTES : MAX_BODY_BYTES;
  if (Buffer.byteLength(text) > limit) {
    throw new ApiError(
      413,
      'body_too_large',
      `the body may be at most ${limit} bytes`,
      'body',
    );
  }
  return text;
}

export function parseJsonBody(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON', 'body');
  }
}
