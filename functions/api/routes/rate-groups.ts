/**
 * Rate groups: how the accounts below their owner (the operator or a reseller) are priced and
 * routed — routing mode, markup, default increments, the timezone windows are read in, the
 * trunks LCR may use, no-loss routing and the billable rules. Trunks must be ones the caller
 * can see (another subtree's trunk is a 404 naming `trunkIds.<n>`).
 */
import { z } from 'zod';
import { canReach } from '../../../core/auth/guard';
import { isAncestorPath } from '../../../core/accounts/tenancy';
import { formatDecimal, parseDecimal } from '../../../core/money/decimal';
import { MARKUP_SCALE, MAX_MARKUP_UNITS } from '../../../core/rating/rate';
import { entityRoutes } from '../config/entity-routes';
import { defineEntity, type EntityContext } from '../config/entity-spec';
import { entityIdSchema, noRepeats, timezoneSchema, wholeSeconds } from '../config/fields';
import { mergeChange } from '../config/merge';
import { someAccountBelow } from '../config/account-rules';
import { ApiError } from '../http/errors';
import { notFound, unprocessable } from '../config/outcomes';
import { TREE_READERS } from './access';
import { MONEY_WRITERS } from './money';

const markupPercent = z.string().superRefine((text, context) => {
  const parsed = parseDecimal(text, {
    scale: MARKUP_SCALE,
    allowNegative: false,
    maxScaled: MAX_MARKUP_UNITS,
  });
  if (!parsed.ok)
    context.addIssue({ code: 'custom', message: `${parsed.message} (0 to 1000, 4 decimals)` });
});

const billing = z
  .object({
    duration: z.enum(['billsec', 'billmsec_ceil']),
    minimumBillableSeconds: wholeSeconds(3600),
    /** Hangup causes that bill; null = every cause (the default). */
    billedHangupCauses: z
      .array(z.string().regex(/^[A-Z_]{1,40}$/))
      .min(1, 'must name at least one cause (null bills every cause; none would bill no call)')
      .max(50)
      .nullable(),
  })
  .strict();

const fields = {
  name: z.string().trim().min(1).max(100),
  routingMode: z.enum(['lcr', 'cost']),
  markupPercent,
  defaultInitialIncrementSeconds: wholeSeconds(3600),
  defaultIncrementSeconds: wholeSeconds(3600),
  timezone: timezoneSchema,
  trunkIds: z.array(entityIdSchema).max(50).superRefine(noRepeats),
  noLoss: z.boolean(),
  billing,
};

type RateGroupFields = z.output<z.ZodObject<typeof fields>>;
interface RateGroupData extends RateGroupFields {
  /** The markup as the rating core takes it: percent × 10,000. */
  readonly markupUnits: number;
}

const createBody = z
  .object({
    id: entityIdSchema,
    ...fields,
    routingMode: fields.routingMode.default('lcr'),
    markupPercent: markupPercent.default('0'),
    defaultInitialIncrementSeconds: fields.defaultInitialIncrementSeconds.default(0),
    defaultIncrementSeconds: fields.defaultIncrementSeconds.default(1),
    timezone: timezoneSchema.default('UTC'),
    trunkIds: fields.trunkIds.default([]),
    noLoss: z.boolean().default(true),
    billing: billing.default({
      duration: 'billsec',
      minimumBillableSeconds: 0,
      billedHangupCauses: null,
    }),
  })
  .strict();

export const rateGroupSpec = defineEntity({
  kind: 'rate_group',
  segment: 'rate-groups',
  idParam: 'rateGroupId',
  singular: 'RateGroup',
  plural: 'RateGroups',
  readers: TREE_READERS,
  writers: MONEY_WRITERS,
  ownerTypes: ['operator', 'reseller'],
  createBody,
  changeBody: z.object(fields).partial().strict(),
  viewShape: { ...fields, name: z.string(), markupPercent: z.string(), markupUnits: z.int() },
  async create(input, context): Promise<RateGroupData> {
    await checkTrunks(input.trunkIds, context);
    return withUnits(input);
  },
  async change(before: RateGroupData, input, context) {
    if (input.trunkIds !== undefined) await checkTrunks(input.trunkIds, context);
    return withUnits(mergeChange(before, input));
  },
  claims: () => [],
  view: (data: RateGroupData) => ({ ...data }),
  beforeDelete: async (rateGroupId, { deps, owner }) => {
    // An account priced by a group that is gone could neither call nor be rated.
    if (await someAccountBelow(deps, owner.path, (a) => a.rateGroupId === rateGroupId)) {
      const message = 'accounts below are priced by this rate group: give them another first';
      throw new ApiError(409, 'rate_group_in_use', message, 'rateGroupId');
    }
  },
});

/** The units the rater takes, and the markup as one canonical text (` 12.50` → `12.5`). */
function withUnits(data: RateGroupFields): RateGroupData {
  const parsed = parseDecimal(data.markupPercent, { scale: MARKUP_SCALE, allowNegative: false });
  if (!parsed.ok) throw new Error('rate group: a markup that passed its schema does not parse');
  const markupPercent = formatDecimal(parsed.value, MARKUP_SCALE).replace(/\.?0+$/, '');
  return { ...data, markupPercent, markupUnits: parsed.value };
}

async function checkTrunks(trunkIds: readonly string[], context: EntityContext): Promise<void> {
  for (const [index, trunkId] of trunkIds.entries()) {
    const trunk = await context.deps.config.get('trunk', trunkId);
    if (!trunk || !canReach(context.principal, trunk.path, 'self_or_descendant')) {
      throw notFound('trunk_not_found', `no such trunk: ${trunkId}`, `trunkIds.${index}`);
    }
    // The group's accounts would route over another subtree's carrier (and its edges see it).
    if (!isAncestorPath(context.owner.path, trunk.path)) {
      const message = `${trunkId} belongs to a provider outside the rate group owner's subtree`;
      throw unprocessable('trunk_not_usable', message, `trunkIds.${index}`);
    }
  }
}

export const rateGroupRoutes = entityRoutes(rateGroupSpec);
