/**
 * zod schemas shared by the routes. Every object is `.strict()`: unknown fields are refused in
 * requests and cannot leak out in responses. `.meta({ id })` names them in the OpenAPI document.
 */
import { z } from 'zod';
import { HUMAN_ROLES, ROLES } from '../../core/auth/roles';
import { MAX_REFERENCE_LENGTH } from '../../core/ledger/limits';
import { POSTING_KINDS, type Posting } from '../../core/ledger/posting';
import type { BalanceState } from '../../core/ledger/available';
import { formatMoney } from '../../core/money/micros';

export const accountIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -')
  .describe('Account id');

/** A positive whole number of micros below 2^53; the direction comes from the route. */
export const amountMicrosSchema = z
  .int('must be a whole number of micros (1 unit = 1,000,000 micros) below 2^53')
  .positive('must be greater than zero')
  .max(Number.MAX_SAFE_INTEGER)
  .describe('Amount in micros of the account currency (1.00 = 1000000)');

export const referenceSchema = z
  .string()
  .max(MAX_REFERENCE_LENGTH)
  .describe('Free text shown to people');

export const decimalMoney = z
  .string()
  .regex(/^-?\d+\.\d{6}$/)
  .describe('The same amount as a decimal string');

export const accountParams = z.object({ accountId: accountIdSchema }).strict();

export const postingSchema = z
  .object({
    accountId: z.string(),
    amountMicros: z.int(),
    amount: decimalMoney,
    kind: z.enum(POSTING_KINDS),
    idempotencyKey: z.string(),
    reference: z.string(),
    actor: z.string(),
    createdAtEpochMs: z.int(),
  })
  .strict()
  .meta({ id: 'Posting' });

export const postingsResponse = z
  .object({ postings: z.array(postingSchema) })
  .strict()
  .meta({ id: 'Postings' });

export const balanceSchema = z
  .object({
    accountId: z.string(),
    currency: z.string(),
    mode: z.enum(['prepaid', 'postpaid']),
    balanceMicros: z.int(),
    balance: decimalMoney,
    creditLimitMicros: z.int(),
    reservedMicros: z.int(),
    availableMicros: z.int(),
    available: decimalMoney,
  })
  .strict()
  .meta({ id: 'Balance' });

export const roleSchema = z.enum(ROLES);
export const humanRoleSchema = z.enum(HUMAN_ROLES as [string, ...string[]]);

export function postingView(posting: Posting): z.infer<typeof postingSchema> {
  return { ...posting, amount: formatMoney(posting.amountMicros) };
}

export function balanceView(state: BalanceState): z.infer<typeof balanceSchema> {
  return {
    accountId: state.accountId,
    currency: state.currency,
    mode: state.mode,
    balanceMicros: state.balanceMicros,
    balance: formatMoney(state.balanceMicros),
    creditLimitMicros: state.creditLimitMicros,
    reservedMicros: state.reservedMicros,
    availableMicros: state.availableMicros,
    available: formatMoney(state.availableMicros),
  };
}
