/**
 * Builds the API's Lambda handler from its dependencies: middy around the dispatcher. The
 * deployed `handler.ts`, `local/` and the tests all build it here — one code path.
 */
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { ApiDeps } from './deps';
import { createDispatcher } from './http/pipeline';
import { requestScope } from './middleware';
import { ROUTES } from './routes';

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export function createApiHandler(deps: ApiDeps): ApiHandler {
  const dispatch = createDispatcher(ROUTES, deps);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(requestScope(deps.logger))
    .handler((event) => dispatch(event));
}
