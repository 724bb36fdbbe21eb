/**
 * Errors meant for the client: a status, a lower snake_case code, a sentence for a person and
 * the field (body property, query parameter or header) at fault. Anything else that escapes a
 * route is a bug and becomes a generic 500 with the request id (see `middleware.ts`).
 */
import { z } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const errorSchema = z
  .object({
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        field: z.string().nullable(),
        requestId: z.string().optional(),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof errorSchema>;

export function errorBody(error: ApiError): ErrorBody {
  return { error: { code: error.code, message: error.message, field: error.field } };
}

export const unauthorized = (code: string, message: string) =>
  new ApiError(401, code, message, 'Authorization', { 'www-authenticate': 'Bearer' });
export const forbidden = () => new ApiError(403, 'forbidden', 'your role may not use this route');
export const accountNotFound = (field: string) =>
  new ApiError(404, 'account_not_found', 'no such account', field);
