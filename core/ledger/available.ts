/**
 * Available funds. Prepaid: available = balance − reserved. Postpaid: available = balance +
 * credit limit − reserved (the credit limit is a non-negative number of micros the account may
 * go below zero). `reserved` is money held by credit leases (issue 10); 0 until they exist.
 *
 * DynamoDB condition expressions cannot add, so the balance item stores `availableMicros`
 * beside `balanceMicros` and every update moves both by the same delta.
 */
export type BillingMode = 'prepaid' | 'postpaid';

export interface BalanceState {
  readonly accountId: string;
  readonly currency: string;
  readonly mode: BillingMode;
  readonly balanceMicros: number;
  readonly creditLimitMicros: number;
  readonly reservedMicros: number;
  readonly availableMicros: number;
  /** Incremented by every transaction that touches the balance. */
  readonly version: number;
}

export function availableMicros(state: {
  readonly mode: BillingMode;
  readonly balanceMicros: number;
  readonly creditLimitMicros: number;
  readonly reservedMicros: number;
}): number {
  const limit = state.mode === 'postpaid' ? state.creditLimitMicros : 0;
  const value = state.balanceMicros + limit - state.reservedMicros;
  if (!Number.isSafeInteger(value)) throw new RangeError('available: not a safe integer');
  return value;
}

/** The lowest balance a must-not-overdraw debit may reach. */
export function floorMicros(state: {
  readonly mode: BillingMode;
  readonly creditLimitMicros: number;
  readonly reservedMicros: number;
}): number {
  const limit = state.mode === 'postpaid' ? state.creditLimitMicros : 0;
  return state.reservedMicros - limit;
}
