/**
 * Fund transfer within a subtree: one transaction debits the source (never past its available
 * funds) and credits the destination, both postings under the same idempotency key.
 */
import { z } from 'zod';
import { MAX_REFERENCE_LENGTH } from '../../../core/ledger/limits';
import type { LedgerRejection } from '../../../core/ledger/outcomes';
import { counterpartOf, transferReference } from '../../../core/ledger/transfer-reference';
import { micros } from '../../../core/money/micros';
import { ApiError } from '../http/errors';
import { defineRoute } from '../http/route';
import { accountIdSchema, amountMicrosSchema, postingsResponse, referenceSchema } from '../schemas';
import { MONEY_WRITERS, postMoney, refuseClosed } from './money';

const body = z
  .object({
    fromAccountId: accountIdSchema,
    toAccountId: accountIdSchema,
    amountMicros: amountMicrosSchema,
    // Room for the `to <id>: ` / `from <id>: ` prefix within the ledger's reference limit.
    reference: referenceSchema.max(MAX_REFERENCE_LENGTH - 72).optional(),
  })
  .strict()
  .refine((input) => input.fromAccountId !== input.toAccountId, {
    message: 'must differ from fromAccountId',
    path: ['toAccountId'],
  });

export const transferRoute = defineRoute({
  method: 'POST',
  path: '/transfers',
  operationId: 'transferFunds',
  summary: "Move funds between two accounts of the caller's subtree (same currency)",
  idempotency:
    'Idempotency-Key required: a replay returns the first two postings; other content is a 409.',
  access: { roles: MONEY_WRITERS, access: 'write' },
  requiresIdempotencyKey: true,
  body,
  targets: ({ body: input }) => [
    { accountId: input.fromAccountId, relation: 'self_or_descendant', field: 'fromAccountId' },
    { accountId: input.toAccountId, relation: 'descendant', field: 'toAccountId' },
  ],
  responses: {
    201: {
      description: 'Posted (or replayed): the debit, then the credit',
      schema: postingsResponse,
    },
  },
  async handle({ body: input, principal, idempotencyKey, accounts, deps }) {
    const from = accounts.get(input.fromAccountId);
    const to = accounts.get(input.toAccountId);
    if (from?.currency !== to?.currency) {
      throw new ApiError(
        422,
        'currency_mismatch',
        'both accounts must use the same currency',
        'toAccountId',
      );
    }
    await refuseClosed(deps, input.toAccountId, 'toAccountId');
    const common = {
      kind: 'transfer' as const,
      idempotencyKey: idempotencyKey!,
      actor: principal!.actor,
    };
    return postMoney(
      deps,
      [
        {
          ...common,
          accountId: input.fromAccountId,
          amountMicros: micros(-input.amountMicros),
          reference: transferReference('to', input.toAccountId, input.reference),
        },
        {
          ...common,
          accountId: input.toAccountId,
          amountMicros: micros(input.amountMicros),
          reference: transferReference('from', input.fromAccountId, input.reference),
        },
      ],
      'must_not_overdraw',
      (rejection) => counterpartField(rejection, input),
    );
  },
});

/**
 * A key reused with another destination (or source) differs in the stored reference, which
 * names the other account: the answer names the account field the caller changed.
 */
function counterpartField(
  rejection: LedgerRejection,
  input: { readonly fromAccountId: string; readonly toAccountId: string },
): string | undefined {
  if (rejection.code !== 'posting_exists_with_different_reference') return undefined;
  const debit = rejection.accountId === input.fromAccountId;
  const named = debit ? input.toAccountId : input.fromAccountId;
  if (counterpartOf(rejection.storedReference) === named) return undefined;
  return debit ? 'toAccountId' : 'fromAccountId';
}
