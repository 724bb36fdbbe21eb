/**
 * Ledger outcomes -> HTTP. The field names what the client sent: `amountMicros` for the amount,
 * the `Idempotency-Key` header for replays with other content.
 */
import type { LedgerRejection } from '../../core/ledger/outcomes';
import { ApiError } from './http/errors';
import { IDEMPOTENCY_HEADER } from './http/idempotency';

/** `fieldOf` lets a route name its own input for a replay that differs (e.g. toAccountId). */
export function ledgerError(
  rejection: LedgerRejection,
  fieldOf?: (rejection: LedgerRejection) => string | undefined,
): ApiError {
  switch (rejection.code) {
    case 'insufficient_funds':
      return new ApiError(
        422,
        rejection.code,
        'the account cannot afford this debit',
        'amountMicros',
      );
    case 'balance_out_of_range':
      return new ApiError(
        422,
        rejection.code,
        'the balance would pass 9007199254.740991 (2^53 − 1 micros), the most it holds exactly',
        'amountMicros',
      );
    case 'account_not_found':
      return new ApiError(404, rejection.code, 'no such account', 'accountId');
    case 'transaction_conflict':
      return new ApiError(
        503,
        rejection.code,
        'the balance was busy; retry with the same key',
        null,
        { 'retry-after': '1' },
      );
    case 'too_many_actions':
    case 'invalid_posting':
      // Routes build postings from validated input; reaching here is a bug in the route.
      throw new Error(`ledger refused a route's postings: ${rejection.code}`);
    default:
      return new ApiError(
        409,
        rejection.code,
        `${IDEMPOTENCY_HEADER} was already used with a different ${rejection.field}`,
        fieldOf?.(rejection) ?? rejection.field,
      );
  }
}
