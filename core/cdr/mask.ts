/**
 * Number masking for customer views of CDRs (search, CSV export): the last digits of the
 * dialled number are hidden, as itemized bills do for privacy. Staff (admin, sub_admin,
 * resellers) see numbers whole unless they ask for masking; a customer's view is always masked
 * with at least CUSTOMER_MASK_DIGITS — the query flag can hide more, never less.
 */
import type { Role } from '../auth/roles';

/** Digits hidden for customers and providers when they ask for nothing else. */
export const CUSTOMER_MASK_DIGITS = 3;
/** The most a query may hide: beyond this a number says nothing at all. */
export const MAX_MASK_DIGITS = 10;
export const MASK_CHARACTER = 'x';

/** How many trailing digits this role's view hides, given what the query asked for. */
export function maskDigitsFor(role: Role, requested: number | undefined): number {
  const asked = Math.min(Math.max(requested ?? 0, 0), MAX_MASK_DIGITS);
  const ownAccountOnly = role === 'customer' || role === 'provider';
  return ownAccountOnly ? Math.max(asked, CUSTOMER_MASK_DIGITS) : asked;
}

/**
 * `442071234567`, 3 → `442071234xxx`. Only digits are hidden, counted from the end (a `+` or
 * a SIP user's letters stay); a number with fewer digits than asked is hidden entirely.
 */
export function maskNumber(number: string, hiddenDigits: number): string {
  if (hiddenDigits <= 0) return number;
  let left = hiddenDigits;
  const characters = [...number];
  for (let index = characters.length - 1; index >= 0 && left > 0; index -= 1) {
    if (/[0-9]/.test(characters[index] ?? '')) {
      characters[index] = MASK_CHARACTER;
      left -= 1;
    }
  }
  return characters.join('');
}
