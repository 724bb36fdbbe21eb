/**
 * What CDR search and CSV export share: the filters, the key range a caller may read, and the
 * row each CDR becomes for that caller — numbers masked for customer views, and only the
 * charges of accounts the caller can see (a customer never learns its reseller's price; carrier
 * cost and the operator's revenue are operator staff's).
 */
import { z } from 'zod';
import { idsOfPath } from '../../../core/accounts/tenancy';
import { canReach } from '../../../core/auth/guard';
import { accountPath, type Principal } from '../../../core/auth/roles';
import { maskDigitsFor, maskNumber, MAX_MASK_DIGITS } from '../../../core/cdr/mask';
import { DAY_MS } from '../../../core/cdr/summary';
import { formatMoney } from '../../../core/money/micros';
import type { EdgeCdr } from '../../../core/cdr/edge-cdr';
import type { LevelChargeRecord } from '../../../core/cdr/rated-cdr';
import { DISPOSITIONS, entryOf, type Disposition } from '../../shared/dynamo/cdr-search-entry';
import {
  CdrSearchStore,
  decodeSearchCursor,
  NO_ACCOUNT_PATH,
  type SearchCursor,
  type SearchHit,
} from '../../shared/dynamo/cdr-search';
import type { StoredCdr } from '../../shared/dynamo/cdr-store';
import type { ApiDeps } from '../deps';
import { decimalMoney } from '../schemas';

/** The longest range one search or export covers: a month, read one UTC day at a time. */
export const MAX_SEARCH_RANGE_MS = 31 * DAY_MS;

const epochMs = z.coerce.number().int().min(0).max(8.64e15);
const numberPrefix = z
  .string()
  .regex(/^\+?[0-9]{1,20}$/, 'must be 1 to 20 digits, + allowed first');

/** The filters, as query parameters (search) or body fields (export). */
export const cdrFilterFields = {
  fromEpochMs: epochMs,
  toEpochMs: epochMs,
  dialled: numberPrefix.optional().describe('Prefix of the dialled number'),
  caller: numberPrefix.optional().describe('Prefix of the calling number'),
  disposition: z.enum(DISPOSITIONS).optional(),
  hangupCause: z.string().regex(/^[A-Z_]{1,64}$/, 'must be a cause like NO_ANSWER').optional(),
  subtree: z.enum(['true', 'false']).optional().describe('Include every account below'),
  mask: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_MASK_DIGITS)
    .optional()
    .describe('Trailing digits of the dialled number to hide (customer views: at least 3)'),
};

/** A bounded range: `toEpochMs` after `fromEpochMs`, at most MAX_SEARCH_RANGE_MS later. */
export function checkRange(
  value: { fromEpochMs: number; toEpochMs: number },
  context: z.RefinementCtx,
  maxMs = MAX_SEARCH_RANGE_MS,
): void {
  if (value.toEpochMs <= value.fromEpochMs) {
    context.addIssue({ code: 'custom', path: ['toEpochMs'], message: 'must be after fromEpochMs' });
  } else if (value.toEpochMs - value.fromEpochMs > maxMs) {
    const days = maxMs / DAY_MS;
    const message = `at most ${days} days after fromEpochMs`;
    context.addIssue({ code: 'custom', path: ['toEpochMs'], message });
  }
}

export const searchCursorSchema = z
  .string()
  .max(2000)
  .refine((text) => decodeSearchCursor(text) !== undefined, 'is not a cursor this API returned');

export type CdrFilters = {
  fromEpochMs: number;
  toEpochMs: number;
  dialled?: string | undefined;
  caller?: string | undefined;
  disposition?: Disposition | undefined;
  hangupCause?: string | undefined;
  subtree?: 'true' | 'false' | undefined;
  mask?: number | undefined;
};

export const cdrRowSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    leg: z.enum(['a', 'b']).optional(),
    status: z.enum(['rated', 'unrated']),
    disposition: z.enum(DISPOSITIONS),
    reason: z.string().optional(),
    caller: z.string(),
    callee: z.string().describe('The dialled number; masked in customer views'),
    startedAtEpochMs: z.number(),
    answeredAtEpochMs: z.number().nullable(),
    endedAtEpochMs: z.number().nullable(),
    billsec: z.number(),
    billableSeconds: z.number(),
    hangupCause: z.string(),
    prefix: z.string().optional(),
    charges: z.array(
      z
        .object({
          accountId: z.string(),
          currency: z.string(),
          chargeMicros: z.int(),
          charge: decimalMoney,
        })
        .strict(),
    ),
    revenueMicros: z.int().optional().describe("Operator's currency; operator staff only"),
    carrierCostMicros: z.int().optional().describe("Operator's currency; operator staff only"),
    trunk: z.string().optional(),
  })
  .strict()
  .meta({ id: 'CdrRow' });
export type CdrRow = z.infer<typeof cdrRowSchema>;

export interface SearchInput {
  readonly principal: Principal;
  /** The path of the account named in the URL (already checked by the guard). */
  readonly accountPath: string;
  readonly filters: CdrFilters;
  readonly limit: number;
  readonly maxPages: number;
  readonly cursor?: string | undefined;
}

/** One page of rows for the caller, and the cursor of the next one if there may be more. */
export async function searchCdrs(
  deps: ApiDeps,
  input: SearchInput,
): Promise<{ rows: CdrRow[]; pagesRead: number; nextCursor?: SearchCursor }> {
  const { filters, principal } = input;
  const maskDigits = maskDigitsFor(principal.role, filters.mask);
  const store = new CdrSearchStore(deps.cdrs.rater.documents, deps.cdrs.rater.cdrs.tableName);
  const { hits, next, pagesRead } = await store.search({
    filter: { ...filters, dialledMaskDigits: maskDigits },
    keyPrefix: keyPrefixOf(input.accountPath, filters.subtree === 'true'),
    limit: input.limit,
    maxPages: input.maxPages,
    ...(input.cursor ? { cursor: decodeSearchCursor(input.cursor)! } : {}),
  });
  // A CDR re-rated later is on two pages (unrated under `/`, rated under its account).
  const ids = [...new Set(hits.map((hit) => hit.entry.id))];
  const items = await deps.cdrs.rater.cdrs.getMany(ids);
  const byId = new Map(items.map((item) => [item.id, item]));
  const rows = hits.flatMap((hit) => {
    const item = byId.get(hit.entry.id);
    // Re-rated since it was filed unrated: its re-rating filed it again under its account.
    if (hit.entry.disposition === 'unrated' && item?.status === 'rated') return [];
    return item ? [rowOf(item, hit, principal, maskDigits)] : [];
  });
  return next ? { rows, pagesRead, nextCursor: next } : { rows, pagesRead };
}

/** One account: its own key range; a subtree: the path's; the root's subtree: everything. */
function keyPrefixOf(path: string, subtree: boolean): string {
  if (!subtree) return `${path}#`;
  return idsOfPath(path).length === 1 ? NO_ACCOUNT_PATH : path;
}

function rowOf(item: StoredCdr, hit: SearchHit, principal: Principal, maskDigits: number): CdrRow {
  const entry = entryOf(item);
  const staff = principal.role === 'admin' || principal.role === 'sub_admin';
  const cdr = item.status === 'rated' ? item : factsOfUnrated(item);
  const carrier = item.carrier as { trunk?: string } | undefined;
  return {
    id: item.id,
    // A CDR re-rated after it was filed unrated names its account on the item only.
    accountId: item.status === 'rated' ? String(item.accountId) : hit.accountId,
    ...(typeof cdr.leg === 'string' ? { leg: cdr.leg as 'a' | 'b' } : {}),
    status: item.status,
    disposition: entry.disposition,
    ...(item.status === 'unrated' ? { reason: String(item.reason) } : {}),
    caller: entry.caller,
    callee: maskNumber(entry.callee, maskDigits),
    startedAtEpochMs: entry.startedAtEpochMs,
    answeredAtEpochMs: numberOrNull(cdr.answeredAtEpochMs),
    endedAtEpochMs: numberOrNull(cdr.endedAtEpochMs),
    billsec: Number(cdr.billsec ?? 0),
    billableSeconds: Number(item.billableSeconds ?? 0),
    hangupCause: entry.hangupCause,
    ...(basisPrefix(item) ? { prefix: basisPrefix(item)! } : {}),
    charges: visibleCharges(item, hit.accountPath, principal),
    ...(staff && typeof item.revenueMicros === 'number'
      ? { revenueMicros: item.revenueMicros }
      : {}),
    ...(staff && typeof item.carrierCostMicros === 'number'
      ? { carrierCostMicros: item.carrierCostMicros }
      : {}),
    ...(staff && typeof carrier?.trunk === 'string' ? { trunk: carrier.trunk } : {}),
  };
}

function factsOfUnrated(item: StoredCdr): Record<string, unknown> {
  const edge = item.cdr as EdgeCdr | undefined;
  return edge?.kind === 'parsed' ? { ...edge.cdr } : {};
}

const numberOrNull = (value: unknown) => (typeof value === 'number' ? value : null);

function basisPrefix(item: StoredCdr): string | undefined {
  const basis = item.basis as { kind?: string; prefix?: string } | undefined;
  return basis?.kind === 'deck' ? basis.prefix : undefined;
}

/** The charges of the CDR's account and its resellers that the caller's subtree holds. */
function visibleCharges(item: StoredCdr, path: string, principal: Principal) {
  const ids = idsOfPath(path);
  const charges = Array.isArray(item.charges) ? (item.charges as LevelChargeRecord[]) : [];
  return charges
    .filter((level) => {
      const depth = ids.indexOf(level.accountId);
      const levelPath = accountPath(ids.slice(0, depth + 1));
      return depth >= 0 && canReach(principal, levelPath, 'self_or_descendant');
    })
    .map((level) => ({ ...level, charge: formatMoney(level.chargeMicros) }));
}
