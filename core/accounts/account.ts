/**
 * The account profile: everything an operator configures on an account before a call is made.
 * The tenancy fields (`accountId`, `type`, `parentId`, `path`, `currency`, `mode`) are the
 * directory's `AccountRecord`; the rest is read by the edge snapshot (issue 9) and the CDR rater
 * (issue 8). Amounts are micros of the account's currency; durations whole seconds.
 */
import type { AccountRecord } from '../auth/directory';

export const ACCOUNT_STATUSES = ['active', 'suspended', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/**
 * How the caller ID of an outgoing call is chosen: the device's own (`device`), the account's
 * one fixed number (`account`), or what the caller sent, unchanged (`passthrough`).
 */
export const CALLER_ID_POLICIES = ['device', 'account', 'passthrough'] as const;
export type CallerIdPolicy = (typeof CALLER_ID_POLICIES)[number];

export const BILLING_PERIODS = ['daily', 'monthly'] as const;

export interface BillingCycle {
  readonly period: (typeof BILLING_PERIODS)[number];
  /** Day of the month an invoice is cut (1–28, so every month has it); 1 for daily cycles. */
  readonly invoiceDay: number;
}

/** On-net calls between our own devices: allowed or not, and what a minute costs (0 default). */
export interface LocalCalls {
  readonly allowed: boolean;
  readonly perMinuteMicros: number;
}

export interface AccountProfile extends AccountRecord {
  /** Unique across the deployment: the number people quote on the phone and on invoices. */
  readonly number: string;
  readonly company: string;
  readonly address: string;
  readonly email: string;
  /** IANA timezone of the account (invoices, portal). */
  readonly timezone: string;
  /** ISO 3166-1 alpha-2: the dialing plan used to normalize dialled numbers. */
  readonly country: string;
  readonly status: AccountStatus;
  /** After this instant calls are refused with `account_expired`; absent = never. */
  readonly expiresAtEpochMs?: number;
  readonly creditLimitMicros: number;
  readonly maxChannels: number;
  readonly cpsLimit: number;
  readonly maxCallSeconds: number;
  /** The most one call may cost; absent = no limit beyond the funds. */
  readonly maxCostPerCallMicros?: number;
  readonly rateGroupId?: string;
  readonly taxIds: readonly string[];
  readonly billingCycle: BillingCycle;
  readonly lowBalanceThresholdMicros: number;
  /** ASTPP's text (`"0044/44","011/"`), parsed by `core/routing/translation.ts`. */
  readonly translationRules: string;
  readonly blockedPrefixes: readonly string[];
  readonly callerIdPolicy: CallerIdPolicy;
  /** The number sent with policy `account`. */
  readonly callerIdNumber?: string;
  readonly localCalls: LocalCalls;
  /** Overrides the rate group's no-loss routing for this account (off by default). */
  readonly allowLossRouting: boolean;
  /** Incremented by every write: optimistic concurrency, and the edge snapshot's change marker. */
  readonly revision: number;
  readonly createdAtEpochMs: number;
  readonly updatedAtEpochMs: number;
}

/** Defaults for fields a create request may leave out (one place, a reason per knob). */
export const ACCOUNT_DEFAULTS = {
  /** Three hours: a stuck call cannot run up a bill forever (ASTPP's default too). */
  maxCallSeconds: 10_800,
  /** Channels and calls per second: small enough that a leaked password costs little. */
  maxChannels: 10,
  cpsLimit: 2,
  billingCycle: { period: 'monthly', invoiceDay: 1 } satisfies BillingCycle,
  localCalls: { allowed: true, perMinuteMicros: 0 } satisfies LocalCalls,
  callerIdPolicy: 'device' satisfies CallerIdPolicy,
} as const;

/** The record the guard and the ledger need, cut from a full profile. */
export function accountRecordOf(profile: AccountProfile): AccountRecord {
  return {
    accountId: profile.accountId,
    name: profile.name,
    type: profile.type,
    ...(profile.parentId !== undefined ? { parentId: profile.parentId } : {}),
    path: profile.path,
    currency: profile.currency,
    mode: profile.mode,
  };
}
