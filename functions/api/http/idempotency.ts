/**
 * The `Idempotency-Key` header of money-moving POSTs. The key becomes the postings' idempotency
 * key, so a repeated request returns the first result and a changed one names what differs.
 */
import { validateIdempotencyKey } from '../../../core/ledger/validate';
import { ApiError } from './errors';
import type { HttpRequest } from './request';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export function idempotencyKeyOf(request: HttpRequest): string {
  const key = request.headers['idempotency-key'];
  if (key === undefined) {
    throw new ApiError(
      400,
      'missing_idempotency_key',
      `send an ${IDEMPOTENCY_HEADER} header`,
      IDEMPOTENCY_HEADER,
    );
  }
  const problem = validateIdempotencyKey(key);
  if (problem)
    throw new ApiError(
      400,
      'invalid_idempotency_key',
      `${IDEMPOTENCY_HEADER} ${problem}`,
      IDEMPOTENCY_HEADER,
    );
  return key;
}
