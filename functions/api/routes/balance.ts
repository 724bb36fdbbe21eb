import { HUMAN_ROLES } from '../../../core/auth/roles';
import { defineRoute } from '../http/route';
import { accountParams, balanceSchema, balanceView } from '../schemas';

export const balanceRoute = defineRoute({
  method: 'GET',
  path: '/accounts/{accountId}/balance',
  operationId: 'getBalance',
  summary: 'Balance, credit limit, reserved and available funds of an account',
  idempotency: 'Read-only; a consistent read.',
  access: { roles: HUMAN_ROLES, access: 'read' },
  params: accountParams,
  targets: ({ params }) => [
    { accountId: params.accountId, relation: 'self_or_descendant', field: 'accountId' },
  ],
  responses: { 200: { description: 'The balance', schema: balanceSchema } },
  async handle({ params, deps }) {
    const balance = await deps.ledger.getBalance(params.accountId);
    if (!balance) throw new Error(`balance: account ${params.accountId} has no balance item`);
    return { status: 200, body: balanceView(balance) };
  },
});
