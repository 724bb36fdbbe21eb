/**
 * Login: throttled per login and per source address before the password is checked; a missing
 * login costs the same scrypt as a wrong password.
 */
import { z } from 'zod';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../shared/auth/passwords';
import { ApiError } from '../http/errors';
import { defineRoute } from '../http/route';
import { accountIdSchema, humanRoleSchema } from '../schemas';

const body = z
  .object({
    login: z.string().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .strict();

const tokenResponse = z
  .object({
    token: z.string(),
    tokenType: z.literal('Bearer'),
    expiresAtEpochMs: z.int(),
    role: humanRoleSchema,
    accountId: accountIdSchema,
  })
  .strict()
  .meta({ id: 'Token' });

export const loginRoute = defineRoute({
  method: 'POST',
  path: '/auth/login',
  operationId: 'login',
  summary: 'Exchange a login and password for a bearer token (one hour)',
  idempotency: 'Each call issues a new token; failed calls count towards the throttle.',
  access: 'public',
  body,
  responses: { 200: { description: 'Logged in', schema: tokenResponse } },
  async handle({ body: input, deps, sourceIp }) {
    const now = deps.clock.nowEpochMs();
    if (await deps.throttle.isBlocked(input.login, sourceIp, now)) {
      throw new ApiError(
        429,
        'too_many_login_attempts',
        'too many failed logins; wait 15 minutes',
        'login',
        {
          'retry-after': '900',
        },
      );
    }
    const user = await deps.directory.getUser(input.login);
    const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    const account = user && valid ? await deps.directory.getAccount(user.accountId) : undefined;
    if (!user || !valid || !account) {
      await deps.throttle.recordFailure(input.login, sourceIp, now);
      throw new ApiError(401, 'invalid_credentials', 'login or password is wrong', 'password');
    }
    const principal = {
      actor: `user:${user.login}`,
      role: user.role,
      accountId: account.accountId,
      subtreePath: account.path,
    };
    const issued = await (await deps.tokens()).issue(principal, now);
    return {
      status: 200,
      body: {
        token: issued.token,
        tokenType: 'Bearer',
        expiresAtEpochMs: issued.expiresAtEpochMs,
        role: user.role,
        accountId: account.accountId,
      },
    };
  },
});
