/**
 * The rate-card simulator: what a call to a number would cost an account (given seconds), or how
 * long it could last (given an amount, or by default the account's available funds) — through
 * the account's rate group, its origination deck version in force at the given instant (now by
 * default) and the group's markup and increments: the core functions the rater and the edge use.
 */
import { billableRulesOf, type BillableRules } from '../../../core/rating/billable';
import { z } from 'zod';
import { selectRate } from '../../../core/decks/compiled/select';
import { HUMAN_ROLES } from '../../../core/auth/roles';
import type { DeckRate } from '../../../core/decks/deck-rate';
import { formatMoney } from '../../../core/money/micros';
import { answerRateCardQuery, type RateCardQuery } from '../../../core/rating/rate-card';
import type { RateGroupPricing } from '../../../core/rating/rate';
import { chainOf, originationVersions } from '../config/chain';
import { chainMaxSeconds, chainPrices } from '../../../core/chain/prices';
import { unprocessable } from '../config/outcomes';
import type { ApiDeps } from '../deps';
import { ApiError } from '../http/errors';
import { defineRoute } from '../http/route';
import { accountParams } from '../schemas';
import type { AccountProfile } from '../../../core/accounts/account';

const body = z
  .object({
    number: z.string().max(40),
    seconds: z.int().min(0).max(604_800).optional(),
    available: z.string().max(40).optional(),
    answeredAtEpochMs: z.int().min(0).optional(),
  })
  .strict();

const answer = z
  .object({
    number: z.string(),
    prefix: z.string(),
    destination: z.string(),
    version: z.string(),
    seconds: z.int().optional(),
    billableSeconds: z.int().optional(),
    costMicros: z.int().optional(),
    cost: z.string().optional(),
    available: z.string().optional(),
    maxSeconds: z.int().optional(),
    /** Each level's charge (seconds asked) in its own currency, customer first. */
    chain: z
      .array(
        z.object({ accountId: z.string(), currency: z.string(), costMicros: z.int() }).strict(),
      )
      .optional(),
    /** The longest call every level of the chain can pay for (funds asked or by balance). */
    chainMaxSeconds: z.int().optional(),
    limitedBy: z.string().nullable().optional(),
  })
  .strict()
  .meta({ id: 'RateCardAnswer' });

const FIELD_OF: Record<string, string> = {
  invalid_number: 'number',
  invalid_seconds: 'seconds',
  invalid_amount: 'available',
};

export const rateCardRoute = defineRoute({
  method: 'POST',
  path: '/accounts/{accountId}/rate-card',
  operationId: 'simulateCall',
  summary: 'Cost of a call of N seconds, or the longest call an amount (or the balance) pays for',
  idempotency: 'Read-only (POST only to carry the question).',
  access: { roles: HUMAN_ROLES, access: 'read' },
  params: accountParams,
  body,
  targets: ({ params }) => [
    { accountId: params.accountId, relation: 'self_or_descendant', field: 'accountId' },
  ],
  responses: { 200: { description: 'The answer', schema: answer } },
  async handle({ params, body: input, deps }) {
    const profile = await deps.accounts.get(params.accountId);
    if (!profile?.rateGroupId)
      throw unprocessable('no_rate_group', 'the account has no rate group', 'accountId');
    const group = await deps.config.get<
      RateGroupPricing & { timezone: string; billing?: Parameters<typeof billableRulesOf>[0] }
    >(
      'rate_group',
      profile.rateGroupId,
    );
    if (!group)
      throw new Error(`account ${profile.accountId}: rate group ${profile.rateGroupId} is missing`);
    const versions = await originationVersions(deps, group.id);
    const at = input.answeredAtEpochMs ?? deps.clock.nowEpochMs();
    let version = '';
    const findRate = (digits: string): DeckRate | undefined => {
      const selected = selectRate(versions, digits, at, group.data.timezone);
      if (!selected.ok) return undefined;
      version = selected.selection.version;
      return selected.deck.rateOfRow(selected.row, selected.selection.prefix);
    };
    const query = await queryOf(deps, params.accountId, input);
    const result = answerRateCardQuery(
      { findRate, pricing: group.data, capSeconds: profile.maxCallSeconds },
      query,
    );
    if ('error' in result) {
      const field = FIELD_OF[result.error.code] ?? 'number';
      throw new ApiError(
        result.error.code === 'no_rate' ? 422 : 400,
        result.error.code,
        result.error.message,
        field,
      );
    }
    const rules = billableRulesOf(group.data.billing);
    const chain = await chainAnswer(deps, profile, result.number, at, input, rules);
    return { status: 200, body: { ...result, version, ...chain } };
  },
});

/**
 * The chain part of the answer: with seconds, each level's charge (`chainPrices`); by balance,
 * the longest call every level can pay for (`chainMaxSeconds`, the edge's rule). Absent when a
 * level has no rate for the number.
 */
async function chainAnswer(
  deps: ApiDeps,
  profile: AccountProfile,
  number: string,
  at: number,
  input: z.output<typeof body>,
  rules: BillableRules,
) {
  const chain = await chainOf(deps, profile, number, at);
  if (!chain || input.available !== undefined) return {};
  if (input.seconds === undefined) {
    const max = chainMaxSeconds(chain.levels, chain.table, profile.maxCallSeconds, rules);
    return max.ok ? { chainMaxSeconds: max.maxSeconds, limitedBy: max.limitedBy } : {};
  }
  // The simulator routes nothing: the top level's rate stands in for the carrier, and only
  // the per-level charges are answered (carrier cost and margin need LCR).
  const top = chain.levels[chain.levels.length - 1]!;
  const call = {
    levels: chain.levels,
    carrier: top.rate,
    operatorCurrency: top.currency,
    seconds: input.seconds,
  };
  const priced = chainPrices(call, chain.table);
  if (!priced.ok) return {};
  return {
    chain: priced.charges.map((charge) => ({
      accountId: charge.account,
      currency: charge.currency,
      costMicros: charge.chargeMicros,
    })),
  };
}

async function queryOf(
  deps: ApiDeps,
  accountId: string,
  input: z.output<typeof body>,
): Promise<RateCardQuery> {
  if (input.seconds !== undefined && input.available !== undefined) {
    throw new ApiError(400, 'invalid_value', 'give seconds or available, not both', 'available');
  }
  if (input.seconds !== undefined) return { number: input.number, seconds: String(input.seconds) };
  if (input.available !== undefined) return { number: input.number, available: input.available };
  const balance = await deps.ledger.getBalance(accountId);
  return { number: input.number, available: formatMoney(balance?.availableMicros ?? 0) };
}
