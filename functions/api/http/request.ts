/**
 * An API Gateway HTTP API (payload 2.0) event, reduced to what routes need.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiError } from './errors';

/** Requests carry small JSON documents; 64 KB is far above any valid one. */
export const MAX_BODY_BYTES = 64 * 1024;

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
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new ApiError(
      413,
      'body_too_large',
      `the body may be at most ${MAX_BODY_BYTES} bytes`,
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
