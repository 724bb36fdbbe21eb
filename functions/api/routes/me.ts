import { z } from 'zod';
import { HUMAN_ROLES } from '../../../core/auth/roles';
import { ACCOUNT_TYPES } from '../../../core/auth/directory';
import { defineRoute } from '../http/route';
import { roleSchema } from '../schemas';

const meResponse = z
  .object({
    actor: z.string(),
    role: roleSchema,
    account: z
      .object({
        accountId: z.string(),
        name: z.string(),
        type: z.enum(ACCOUNT_TYPES),
        currency: z.string(),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'Me' });

export const meRoute = defineRoute({
  method: 'GET',
  path: '/me',
  operationId: 'getMe',
  summary: 'Who the token belongs to, and its account',
  idempotency: 'Read-only.',
  access: { roles: HUMAN_ROLES, access: 'read' },
  responses: { 200: { description: 'The caller', schema: meResponse } },
  async handle({ principal, deps }) {
    const account = principal && (await deps.directory.getAccount(principal.accountId));
    if (!principal || !account)
      throw new Error('me: an authenticated principal without an account');
    const { accountId, name, type, currency } = account;
    return {
      status: 200,
      body: {
        actor: principal.actor,
        role: principal.role,
        account: { accountId, name, type, currency },
      },
    };
  },
});
