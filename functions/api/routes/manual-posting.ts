/**
 * A manual posting on one account below the caller (refill, charge): the same route shape, only
 * the direction, kind and floor differ. Idempotency-Key required; the caller is the actor.
 */
import { z } from 'zod';
import type { FloorPolicy, PostingKind } from '../../../core/ledger/posting';
import { micros } from '../../../core/money/micros';
import { defineRoute } from '../http/route';
import { accountParams, amountMicrosSchema, postingsResponse, referenceSchema } from '../schemas';
import { MONEY_WRITERS, postMoney, refuseClosed } from './money';

const body = z
  .object({ amountMicros: amountMicrosSchema, reference: referenceSchema.optional() })
  .strict();

export interface ManualPostingSpec {
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly kind: PostingKind;
  /** +1 credits the account, −1 debits it. */
  readonly sign: 1 | -1;
  readonly floor: FloorPolicy;
}

export function manualPostingRoute(spec: ManualPostingSpec) {
  return defineRoute({
    method: 'POST',
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
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
    handle: async ({ params, body: input, principal, idempotencyKey, deps }) => {
      if (spec.sign > 0) await refuseClosed(deps, params.accountId, 'accountId');
      return postMoney(
        deps,
        [
          {
            accountId: params.accountId,
            amountMicros: micros(spec.sign * input.amountMicros),
            kind: spec.kind,
            idempotencyKey: idempotencyKey!,
            reference: input.reference ?? '',
            actor: principal!.actor,
          },
        ],
        spec.floor,
      );
    },
  });
}
