/**
 * zod schemas for the fields the configuration routes share. Each refuses what the core would
 * refuse, with a message a person understands; the pipeline names the field in the 400.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { CURRENCY_CODE } from '../../../core/currencies/currency';
import { parseCidr } from '../../../core/devices/cidr';
import { parseTranslationRules } from '../../../core/routing/translation';

export const entityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -');

export const nonNegativeMicros = z
  .int('must be a whole number of micros (1 unit = 1,000,000 micros)')
  .min(0, 'must be zero or more')
  .max(Number.MAX_SAFE_INTEGER);

export const wholeSeconds = (max: number) =>
  z.int('must be a whole number of seconds').min(0, 'must be zero or more').max(max);

export const currencyCodeSchema = z
  .string()
  .regex(CURRENCY_CODE, 'must be an ISO 4217 code like USD');

export const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 code like US');

export const timezoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, 'must be an IANA timezone like Europe/Paris');

export const dialPrefixSchema = z.string().regex(/^[0-9]{1,20}$/, 'must be 1 to 20 digits');

/** Blocked prefixes per account: enough for every country code and premium range twice over. */
export const MAX_BLOCKED_PREFIXES = 1000;

export const translationRulesSchema = z
  .string()
  .max(4000)
  .superRefine((text, context) => {
    const parsed = parseTranslationRules(text);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.message });
  });

export const cidrSchema = z
  .string()
  .max(64)
  .superRefine((text, context) => {
    const parsed = parseCidr(text);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.message });
  })
  .transform((text) => {
    const parsed = parseCidr(text);
    return parsed.ok ? parsed.cidr : text;
  });

export const techPrefixSchema = z.string().regex(/^[0-9#*]{1,10}$/, 'must be 1 to 10 of 0-9 # *');

export const phoneNumberSchema = z
  .string()
  .regex(/^\+?[0-9]{1,20}$/, 'must be 1 to 20 digits, + allowed first');

/**
 * A host as FreeSWITCH dials or serves it: a host name (RFC 1123 labels), a dotted-quad IPv4
 * address (all-digit labels are read as one: `999.1.1.1` is a typo, not a name) or, where a
 * port may follow, an IPv6 address in brackets (`[2001:db8::1]`; bare, its colons would run
 * into the `:port` the edge appends).
 */
export function isHostName(text: string, ipv6: 'bracketed' | 'none'): boolean {
  if (/^[0-9.]+$/.test(text)) return isIPv4(text);
  const literal = /^\[(.+)\]$/.exec(text);
  if (literal) return ipv6 === 'bracketed' && isIPv6(literal[1]!);
  return z.regexes.hostname.test(text);
}

/** Refuses a list that names the same item twice, naming the repeat (`realms.1`). */
export function noRepeats(list: readonly unknown[], context: z.core.$RefinementCtx): void {
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const key = JSON.stringify(item);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else context.addIssue({ code: 'custom', path: [index], message: `repeats item ${first}` });
  });
}

export const limitQuery = z.coerce.number().int().min(1).max(100).optional();

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
