/**
 * zod issues -> one ApiError naming the field. Bad input is always a 4xx, never a 500.
 */
import type { z } from 'zod';
import { ApiError } from './errors';

export type InputPart = 'body' | 'query' | 'path' | 'header';

export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: InputPart,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw issueToError(result.error.issues[0], value, part);
}

function issueToError(
  issue: z.core.$ZodIssue | undefined,
  value: unknown,
  part: InputPart,
): ApiError {
  if (!issue) return new ApiError(400, 'invalid_request', 'the request is not valid', null);
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const field = [...path, issue.keys[0] ?? ''].join('.');
    return new ApiError(400, 'unknown_field', `${field} is not a field this route accepts`, field);
  }
  const field = path.length > 0 ? path.join('.') : part;
  if (issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined) {
    return new ApiError(400, 'missing_field', `${field} is required`, field);
  }
  const code = issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_value';
  return new ApiError(400, code, `${field}: ${issue.message}`, field);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
