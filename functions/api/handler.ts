/**
 * The deployed `api` function: API Gateway HTTP API (payload 2.0) → middy → routes.
 */
import { createApiHandler } from './app';
import { apiDepsFromEnv } from './wiring';

export const handler = createApiHandler(apiDepsFromEnv(process.env));
