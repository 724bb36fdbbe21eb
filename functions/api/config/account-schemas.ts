/**
 * The account profile on the wire: what a create accepts, what a change accepts (every field
 * optional; `null` clears an optional one) and what is answered. All `.strict()`.
 */
import { z } from 'zod';
import {
  ACCOUNT_STATUSES,
  BILLING_PERIODS,
  CALLER_ID_POLICIES,
} from '../../../core/accounts/account';
import { ACCOUNT_TYPES } from '../../../core/auth/directory';
import { accountIdSchema } from '../schemas';
import {
  countrySchema,
  currencyCodeSchema,
  dialPrefixSchema,
  entityIdSchema,
  MAX_BLOCKED_PREFIXES,
  nonNegativeMicros,
  phoneNumberSchema,
  timezoneSchema,
  translationRulesSchema,
  wholeSeconds,
} from './fields';

/** A day's worth of seconds caps one call; 86,400 is also the deck format's bound. */
const MAX_CALL_SECONDS = 86_400;

const billingCycle = z
  .object({
    period: z.enum(BILLING_PERIODS),
    invoiceDay: z.int().min(1).max(28, 'must be 1 to 28, so that every month has it'),
  })
  .strict();

/**
 * Epoch milliseconds. Anything before 2001-09-09 (10^12 ms) is a Unix time in seconds sent by
 * mistake: read as milliseconds it would expire the account in January 1970, at once.
 */
const expiresAtEpochMs = z
  .int()
  .min(1_000_000_000_000, 'must be epoch milliseconds (this looks like seconds)');

const localCalls = z.object({ allowed: z.boolean(), perMinuteMicros: nonNegativeMicros }).strict();

/** Fields a create and a change both accept. */
const settable = {
  number: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'must be 1 to 32 letters, digits or -'),
  name: z.string().trim().min(1).max(200),
  company: z.string().max(200),
  address: z.string().max(1000),
  email: z.union([z.literal(''), z.email()]),
  timezone: timezoneSchema,
  country: countrySchema,
  mode: z.enum(['prepaid', 'postpaid']),
  creditLimitMicros: nonNegativeMicros,
  maxChannels: z.int().min(0).max(100_000),
  cpsLimit: z.int().min(0).max(10_000),
  maxCallSeconds: wholeSeconds(MAX_CALL_SECONDS).min(1),
  taxIds: z.array(z.string().min(1).max(64)).max(10),
  billingCycle,
  lowBalanceThresholdMicros: nonNegativeMicros,
  translationRules: translationRulesSchema,
  blockedPrefixes: z.array(dialPrefixSchema).max(MAX_BLOCKED_PREFIXES),
  callerIdPolicy: z.enum(CALLER_ID_POLICIES),
  localCalls,
  allowLossRouting: z.boolean(),
};

export const createAccountBody = z
  .object({
    accountId: accountIdSchema,
    parentId: accountIdSchema,
    type: z.enum(['reseller', 'customer', 'provider']),
    currency: currencyCodeSchema,
    status: z.enum(['active', 'suspended']).optional(),
    expiresAtEpochMs: expiresAtEpochMs.optional(),
    maxCostPerCallMicros: nonNegativeMicros.optional(),
    rateGroupId: entityIdSchema.optional(),
    callerIdNumber: phoneNumberSchema.optional(),
    ...settable,
    company: settable.company.optional(),
    address: settable.address.optional(),
    email: settable.email.optional(),
    creditLimitMicros: settable.creditLimitMicros.optional(),
    maxChannels: settable.maxChannels.optional(),
    cpsLimit: settable.cpsLimit.optional(),
    maxCallSeconds: settable.maxCallSeconds.optional(),
    taxIds: settable.taxIds.optional(),
    billingCycle: billingCycle.optional(),
    lowBalanceThresholdMicros: nonNegativeMicros.optional(),
    translationRules: translationRulesSchema.optional(),
    blockedPrefixes: settable.blockedPrefixes.optional(),
    callerIdPolicy: settable.callerIdPolicy.optional(),
    localCalls: localCalls.optional(),
    allowLossRouting: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'CreateAccount' });

export const changeAccountBody = z
  .object({
    ...settable,
    status: z.enum(ACCOUNT_STATUSES),
    expiresAtEpochMs: expiresAtEpochMs.nullable(),
    maxCostPerCallMicros: nonNegativeMicros.nullable(),
    rateGroupId: entityIdSchema.nullable(),
    callerIdNumber: phoneNumberSchema.nullable(),
  })
  .partial()
  .strict()
  .meta({ id: 'ChangeAccount' });

export type CreateAccountInput = z.output<typeof createAccountBody>;
export type ChangeAccountInput = z.output<typeof changeAccountBody>;

export const accountSchema = z
  .object({
    accountId: z.string(),
    type: z.enum(ACCOUNT_TYPES),
    parentId: z.string().optional(),
    path: z.string(),
    currency: z.string(),
    status: z.enum(ACCOUNT_STATUSES),
    expiresAtEpochMs: z.int().optional(),
    maxCostPerCallMicros: z.int().optional(),
    rateGroupId: z.string().optional(),
    callerIdNumber: z.string().optional(),
    ...settable,
    name: z.string(),
    translationRules: z.string(),
    revision: z.int(),
    createdAtEpochMs: z.int(),
    updatedAtEpochMs: z.int(),
  })
  .strict()
  .meta({ id: 'Account' });

export const accountPage = z
  .object({ accounts: z.array(accountSchema), nextCursor: z.string().optional() })
  .strict()
  .meta({ id: 'AccountPage' });
