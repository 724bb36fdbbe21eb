/**
 * Currencies: the base currency is the operator's; every other one has a rate to it, set by the
 * admin. Each change is kept (history), so a past conversion can be explained.
 */
import { z } from 'zod';
import { idsOfPath } from '../../../core/accounts/tenancy';
import { HUMAN_ROLES } from '../../../core/auth/roles';
import { parseRateToBase } from '../../../core/currencies/currency';
import { auditEntry } from '../config/audit-entry';
import { currencyCodeSchema } from '../config/fields';
import { notFound, throwUnlessWritten, unprocessable } from '../config/outcomes';
import type { ApiDeps } from '../deps';
import { defineRoute } from '../http/route';

const currencySchema = z
  .object({
    code: z.string(),
    rateToBase: z.string(),
    updatedAtEpochMs: z.int(),
    updatedBy: z.string(),
  })
  .strict()
  .meta({ id: 'Currency' });

const currencyList = z
  .object({ base: z.string(), currencies: z.array(currencySchema) })
  .strict()
  .meta({ id: 'Currencies' });

const history = z
  .object({ code: z.string(), history: z.array(currencySchema) })
  .strict()
  .meta({ id: 'CurrencyHistory' });

const codeParams = z.object({ code: currencyCodeSchema }).strict();

const rateBody = z
  .object({
    rateToBase: z.string().superRefine((text, context) => {
      const parsed = parseRateToBase(text);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.message });
    }),
  })
  .strict();

export const listCurrenciesRoute = defineRoute({
  method: 'GET',
  path: '/currencies',
  operationId: 'listCurrencies',
  summary: 'The base currency and the rate of every other currency to it',
  idempotency: 'Read-only.',
  access: { roles: HUMAN_ROLES, access: 'read' },
  responses: { 200: { description: 'The currencies', schema: currencyList } },
  async handle({ deps, principal }) {
    const operator = await operatorOf(deps, principal!.subtreePath);
    return {
      status: 200,
      body: { base: operator.currency, currencies: await deps.currencies.list() },
    };
  },
});

export const setCurrencyRoute = defineRoute({
  method: 'PUT',
  path: '/currencies/{code}',
  operationId: 'setCurrencyRate',
  summary: 'Add a currency or change its rate to the base currency (the old rate is kept)',
  idempotency: 'Sets the rate: a repeat adds the same rate to the history again.',
  access: { roles: ['admin'], access: 'write' },
  params: codeParams,
  body: rateBody,
  responses: { 200: { description: 'The rate in force', schema: currencySchema } },
  async handle(context) {
    const { params, body, deps, principal } = context;
    const operator = await operatorOf(deps, principal!.subtreePath);
    if (params.code === operator.currency) {
      throw unprocessable(
        'base_currency_rate_is_one',
        'the base currency has no rate to set',
        'code',
      );
    }
    const before = await deps.currencies.get(params.code);
    const now = deps.clock.nowEpochMs();
    const rate = {
      code: params.code,
      rateToBase: body.rateToBase.trim(),
      updatedAtEpochMs: now,
      updatedBy: principal!.actor,
    };
    const subject = {
      entity: 'currency',
      entityId: params.code,
      accountId: operator.accountId,
      path: operator.path,
    };
    const audit = auditEntry(context, now, before ? 'update' : 'create', subject, {
      ...(before ? { before } : {}),
      after: rate,
    });
    throwUnlessWritten(await deps.currencies.set(rate, audit));
    return { status: 200, body: rate };
  },
});

export const currencyHistoryRoute = defineRoute({
  method: 'GET',
  path: '/currencies/{code}/history',
  operationId: 'getCurrencyHistory',
  summary: 'Every rate a currency has had, oldest first',
  idempotency: 'Read-only.',
  access: { roles: HUMAN_ROLES, access: 'read' },
  params: codeParams,
  responses: { 200: { description: 'The history', schema: history } },
  async handle({ params, deps }) {
    const entries = await deps.currencies.history(params.code);
    if (entries.length === 0)
      throw notFound('currency_not_found', `${params.code} has no rate`, 'code');
    return { status: 200, body: { code: params.code, history: entries } };
  },
});

/** The operator: the root of the caller's path (there is one per deployment). */
async function operatorOf(deps: ApiDeps, subtreePath: string) {
  const rootId = idsOfPath(subtreePath)[0]!;
  const operator = await deps.directory.getAccount(rootId);
  if (!operator) throw new Error(`currencies: no operator account ${rootId}`);
  return operator;
}
