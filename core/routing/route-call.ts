/**
 * One call from dialled digits to routes, in the order the issue fixes: the account's
 * translation rules, E.164 normalization, the sell rate (version and window in force at the
 * answer instant, in the rate group's timezone), then LCR over the trunks with no-loss against
 * what the operator receives (the customer's price here; reseller chains pass their own).
 */
import { costOfCall } from '../rating/formula';
import type { RateGroupPricing } from '../rating/rate';
import { selectRate, type RateSelection } from '../decks/compiled/select';
import { localClock } from '../decks/local-clock';
import type { DeckVersions } from '../decks/versions';
import type { RateTerms } from '../rating/rate';
import { normalizeNumber, type DialingPlan } from './e164';
import { findRoutes, type Route, type RoutingMode, type Trunk } from './lcr';
import type { NoLossPolicy } from './no-loss';
import { translateNumber, type TranslationRule } from './translation';

export interface RoutingAccount {
  readonly translation: readonly TranslationRule[];
  readonly dialingPlan: DialingPlan;
  /** The account's own forced trunk ('' = none); an origination rate's force_trunk wins. */
  readonly forceTrunk: string;
  /** The account may be routed at a loss (overrides the rate group's no-loss setting). */
  readonly allowLoss: boolean;
}

export interface RoutingGroup {
  readonly sell: DeckVersions;
  readonly pricing: RateGroupPricing;
  readonly timeZone: string;
  readonly mode: RoutingMode;
  /** No-loss routing; on by default. */
  readonly noLoss: boolean;
  readonly trunks: readonly TrunkVersions[];
}

export interface TrunkVersions extends Omit<Trunk, 'deck'> {
  readonly versions: DeckVersions;
}

export interface CallToRoute {
  readonly number: string;
  readonly answeredAtEpochMs: number;
  readonly referenceSeconds: number;
  /** The call's authorized maximum, when known (no-loss checks it besides 60 s). */
  readonly maxSeconds: number | null;
}

export type RouteCallResult =
  | {
      readonly ok: true;
      readonly digits: string;
      readonly sell: SellQuote;
      readonly routes: readonly Route[];
    }
  | {
      readonly ok: false;
      readonly code: 'invalid_number' | 'no_rate' | 'no_route';
      readonly message: string;
      readonly digits?: string;
    };

export interface SellQuote {
  readonly selection: RateSelection;
  readonly terms: RateTerms;
  /** The customer's price at the reference duration. */
  readonly costMicros: number;
}

export function routeCall(
  account: RoutingAccount,
  group: RoutingGroup,
  call: CallToRoute,
): RouteCallResult {
  const translated = translateNumber(call.number, account.translation);
  const normalized = normalizeNumber(translated, account.dialingPlan);
  if (!normalized.ok) return normalized;
  const digits = normalized.digits;
  const sell = selectRate(group.sell, digits, call.answeredAtEpochMs, group.timeZone);
  if (!sell.ok) return { ok: false, code: 'no_rate', message: sell.message, digits };
  const revenue = (seconds: number): number =>
    costOfCall(sell.terms, group.pricing, seconds).costMicros;
  const noLoss: NoLossPolicy | null =
    group.noLoss && !account.allowLoss
      ? { revenueMicros: revenue, maxSeconds: call.maxSeconds }
      : null;
  const trunks = trunksAt(group.trunks, call.answeredAtEpochMs);
  const rateForce = sell.deck.rateOfRow(sell.row, sell.selection.prefix).forceTrunk;
  const routes = findRoutes(trunks, {
    digits,
    minuteOfWeek: localClock(group.timeZone).minuteOfWeek(call.answeredAtEpochMs),
    referenceSeconds: call.referenceSeconds,
    mode: group.mode,
    forceTrunk: rateForce !== '' ? rateForce : account.forceTrunk,
    noLoss,
  });
  if (!routes.ok) return { ...routes, digits };
  const costMicros = revenue(call.referenceSeconds);
  const quote: SellQuote = { selection: sell.selection, terms: sell.terms, costMicros };
  return { ok: true, digits, sell: quote, routes: routes.routes };
}

/** Each trunk's termination deck in force at the answer instant; trunks without one drop out. */
export function trunksAt(trunks: readonly TrunkVersions[], epochMs: number): Trunk[] {
  const inForce: Trunk[] = [];
  for (const trunk of trunks) {
    const deck = trunk.versions.at(epochMs);
    if (deck !== null) inForce.push({ ...trunk, deck });
  }
  return inForce;
}
