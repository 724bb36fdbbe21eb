/**
 * The rate-card simulator: the cost of a call of N seconds, or the longest call an amount pays
 * for, against one deck. Input errors take precedence over `no_rate`. The output objects are
 * the `tollgate rate` contract (one JSON object per call). A cost too large for a safe integer
 * of micros is `out_of_range`.
 */
import { formatMoney } from '../money/micros';
import type { DeckRate } from '../decks/deck-rate';
import { parseAvailableAmount, parseDialledNumber, parseQuerySeconds, type CallInput } from './call-inputs';
import { costOfCallInRange } from './formula';
import { maxAffordableSeconds } from './max-seconds';
import type { RateGroupPricing } from './rate';

export type RateCardQuery =
  | { readonly number: string; readonly seconds: string }
  | { readonly number: string; readonly available: string };

export interface RateCardContext {
  readonly findRate: (digits: string) => DeckRate | undefined;
  readonly pricing: RateGroupPricing;
  readonly capSeconds: number;
}

export type RateCardAnswer =
  | {
      readonly number: string;
      readonly prefix: string;
      readonly destination: string;
      readonly seconds: number;
      readonly billableSeconds: number;
      readonly costMicros: number;
      readonly cost: string;
    }
  | {
      readonly number: string;
      readonly prefix: string;
      readonly destination: string;
      readonly available: string;
      readonly maxSeconds: number;
    }
  | { readonly number: string; readonly error: { readonly code: string; readonly message: string } };

export function answerRateCardQuery(context: RateCardContext, query: RateCardQuery): RateCardAnswer {
  const number = parseDialledNumber(query.number);
  if (!number.ok) return failure(query.number.trim(), number);
  if ('seconds' in query) {
    const seconds = parseQuerySeconds(query.seconds);
    if (!seconds.ok) return failure(number.value, seconds);
    const rate = context.findRate(number.value);
    if (rate === undefined) return noRate(number.value);
    const cost = costOfCallInRange(rate, context.pricing, seconds.value);
    if (cost === null) return tooCostly(number.value, seconds.value);
    const { billableSeconds, costMicros } = cost;
    return {
      number: number.value,
      prefix: rate.prefix,
      destination: rate.destination,
      seconds: seconds.value,
      billableSeconds,
      costMicros,
      cost: formatMoney(costMicros),
    };
  }
  const available = parseAvailableAmount(query.available);
  if (!available.ok) return failure(number.value, available);
  const rate = context.findRate(number.value);
  if (rate === undefined) return noRate(number.value);
  const maxSeconds = maxAffordableSeconds(rate, context.pricing, available.value, context.capSeconds);
  return {
    number: number.value,
    prefix: rate.prefix,
    destination: rate.destination,
    available: query.available.trim(),
    maxSeconds,
  };
}

function failure(number: string, input: CallInput<unknown> & { ok: false }): RateCardAnswer {
  return { number, error: { code: input.code, message: input.message } };
}

/** A valid query whose cost no safe integer of micros holds: answered, not thrown. */
function tooCostly(number: string, seconds: number): RateCardAnswer {
  const message = `the cost of ${seconds} s at this rate is more than 2^53 − 1 micros`;
  return { number, error: { code: 'out_of_range', message } };
}

function noRate(number: string): RateCardAnswer {
  return { number, error: { code: 'no_rate', message: `no rate in the deck matches ${number}` } };
}
