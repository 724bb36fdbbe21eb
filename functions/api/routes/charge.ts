import { z } from 'zod';
import { micros } from '../../../core/money/micros';
import { defineRoute } from '../http/route';
import { accountParams, amountMicrosSchema, postingsResponse, referenceSchema } from '../schemas';
import { MONEY_WRITERS, postMoney } from './money';

const body = z
  .object({ amountMicros: amountMicrosSchema, reference: referenceSchema.optional() })
  .strict();

export const chargeRoute = defineRoute({
  method: 'POST',
  path: '/accounts/{accountId}/charges',
  operationId: 'chargeAccount',
  summary: 'Debit an account (manual charge); refused if it would pass the available funds',
  idempotency:
    'Idempotency-Key required: a replay returns the first posting; other content is a 409.',
  access: { roles: MONEY_WRITERS, access: 'write' },
  requiresIdempotencyKey: true,
  params: accountParams,
  body,
  targets: ({ params }) => [
    { accountId: params.accountId, relation: 'descendant', field: 'accountId' },
  ],
  responses: { 201: { description: 'Posted (or replayed)', schema: postingsResponse } },
  handle: ({ params, body: input, principal, idempotencyKey, deps }) =>
    postMoney(
      deps,
      [
        {
          accountId: params.accountId,
          amountMicros: micros(-input.amountMicros),
          kind: 'charge',
          idempotencyKey: idempotencyKey!,
          reference: input.reference ?? '',
          actor: principal!.actor,
        },
      ],
      'must_not_overdraw',
    ),
});
