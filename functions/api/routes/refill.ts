import { z } from 'zod';
import { micros } from '../../../core/money/micros';
import { defineRoute } from '../http/route';
import { accountParams, amountMicrosSchema, postingsResponse, referenceSchema } from '../schemas';
import { MONEY_WRITERS, postMoney } from './money';

const body = z
  .object({ amountMicros: amountMicrosSchema, reference: referenceSchema.optional() })
  .strict();

export const refillRoute = defineRoute({
  method: 'POST',
  path: '/accounts/{accountId}/refills',
  operationId: 'refillAccount',
  summary: 'Credit an account (manual refill), recorded with the caller as actor',
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
          amountMicros: micros(input.amountMicros),
          kind: 'refill',
          idempotencyKey: idempotencyKey!,
          reference: input.reference ?? '',
          actor: principal!.actor,
        },
      ],
      'may_overdraw',
    ),
});
