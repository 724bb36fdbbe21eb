/**
 * From a create or change request to the profile that is stored. Defaults fill what a create
 * leaves out; a change replaces only the fields it names (`null` clears an optional one).
 */
import { ACCOUNT_DEFAULTS, type AccountProfile } from '../../../core/accounts/account';
import type { ChangeAccountInput, CreateAccountInput } from './account-schemas';

export function newProfile(
  input: CreateAccountInput,
  placement: { readonly path: string },
  nowEpochMs: number,
): AccountProfile {
  const { accountId, parentId, type, currency, mode, ...rest } = input;
  return {
    accountId,
    parentId,
    type,
    path: placement.path,
    currency,
    mode,
    company: '',
    address: '',
    email: '',
    status: 'active',
    creditLimitMicros: 0,
    maxChannels: ACCOUNT_DEFAULTS.maxChannels,
    cpsLimit: ACCOUNT_DEFAULTS.cpsLimit,
    maxCallSeconds: ACCOUNT_DEFAULTS.maxCallSeconds,
    taxIds: [],
    billingCycle: ACCOUNT_DEFAULTS.billingCycle,
    lowBalanceThresholdMicros: 0,
    translationRules: '',
    blockedPrefixes: [],
    callerIdPolicy: ACCOUNT_DEFAULTS.callerIdPolicy,
    localCalls: ACCOUNT_DEFAULTS.localCalls,
    allowLossRouting: false,
    ...rest,
    revision: 1,
    createdAtEpochMs: nowEpochMs,
    updatedAtEpochMs: nowEpochMs,
  };
}

const CLEARABLE = [
  'expiresAtEpochMs',
  'maxCostPerCallMicros',
  'rateGroupId',
  'callerIdNumber',
] as const;

export function changedProfile(
  before: AccountProfile,
  change: ChangeAccountInput,
  nowEpochMs: number,
): AccountProfile {
  const next: Record<string, unknown> = { ...before };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    if (value === null && (CLEARABLE as readonly string[]).includes(key)) delete next[key];
    else next[key] = value;
  }
  return {
    ...(next as unknown as AccountProfile),
    revision: before.revision + 1,
    updatedAtEpochMs: nowEpochMs,
  };
}
