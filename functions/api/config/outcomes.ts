/**
 * Turns a configuration write's outcome into the API's answer: duplicates and lost races are
 * 409s naming the field, a transaction that kept conflicting is a 503 worth retrying.
 */
import { ApiError } from '../http/errors';
import type { PlanOutcome } from '../../shared/dynamo/write-plan';

export function throwUnlessWritten(outcome: PlanOutcome): void {
  if (outcome.ok) return;
  if (outcome.code === 'transaction_conflict') {
    throw new ApiError(503, outcome.code, 'other writes kept winning; retry', null);
  }
  const message =
    outcome.code === 'revision_conflict'
      ? 'someone changed this record since you read it; read it again and retry'
      : `${outcome.field ?? 'the record'} is already in use`;
  throw new ApiError(409, outcome.code, message, outcome.field);
}

/** 422: the input is well formed but the configuration does not allow it. */
export function unprocessable(code: string, message: string, field: string | null): ApiError {
  return new ApiError(422, code, message, field);
}

export function notFound(code: string, message: string, field: string): ApiError {
  return new ApiError(404, code, message, field);
}
