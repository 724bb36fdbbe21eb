/**
 * The API's one middy middleware: puts the request id on every log line, turns ApiErrors into
 * their responses, and anything else into a generic 500 carrying the request id — logged with
 * its stack, never shown to the client.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError, errorBody } from './http/errors';
import { jsonResult } from './http/pipeline';

type Middleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

export function requestScope(logger: Logger): Middleware {
  return {
    before: (request) => {
      logger.appendKeys({ requestId: request.event.requestContext.requestId });
    },
    after: () => {
      logger.resetKeys();
    },
    onError: (request) => {
      const requestId = request.event.requestContext?.requestId ?? 'unknown';
      const error = request.error;
      if (error instanceof ApiError) {
        request.response = jsonResult(error.status, errorBody(error), requestId, error.headers);
      } else {
        logger.error('unexpected error', { error: error as Error });
        const body = {
          error: {
            code: 'internal_error',
            message: 'something went wrong on our side',
            field: null,
            requestId,
          },
        };
        request.response = jsonResult(500, body, requestId);
      }
      logger.resetKeys();
    },
  };
}
